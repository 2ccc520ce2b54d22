package io.bondy.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JIT compiler threads' CPU time that the round-trip warm-up waits on, read from /proc. */
class ProcessProbeTest {

    @Test
    void findsTheCompilerThreadsOfThisJvmAndTheirTimeIsPartOfTheProcessTime() {
        ProcessProbe probe = new ProcessProbe(ProcessHandle.current().pid());
        // a JVM that loaded JUnit and AssertJ has compiled for more than the 10 ms resolution; work
        // on until it shows, within a bound
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long sum = 0;
        OptionalLong jit = probe.jitCpuNanos();
        while (jit.isPresent() && jit.getAsLong() == 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < 100_000; i++) {
                sum += Long.toString(i ^ sum).hashCode();
            }
            jit = probe.jitCpuNanos();
        }
        OptionalLong process = probe.cpuNanos();
        assertThat(jit).as("compiler threads found (sum %d)", sum).isPresent();
        assertThat(jit.getAsLong()).isPositive();
        assertThat(process).isPresent();
        assertThat(jit.getAsLong()).isLessThanOrEqualTo(process.getAsLong());
    }

    @Test
    void isEmptyForAProcessWithoutCompilerThreads() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(new ProcessProbe(sleep.pid()).jitCpuNanos()).isEmpty();
        } finally {
            sleep.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void isEmptyForAProcessThatIsGone() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor(5, TimeUnit.SECONDS);
        assertThat(new ProcessProbe(done.pid()).jitCpuNanos()).isEmpty();
    }
}
