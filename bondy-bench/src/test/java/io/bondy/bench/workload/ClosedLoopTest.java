package io.bondy.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The closed loop's bounds and counts, driven by a requester that answers at once on its own loop. */
class ClosedLoopTest {

    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void theCountCapAppliesToTheMeasuredPeriodSoAFastWarmUpCannotUseItUp() throws Exception {
        Instant requester = new Instant(loop);
        // an instant reply: the warm-up alone sends far more than the cap
        ClosedLoop.Result result = new ClosedLoop(List.of(requester), 1, Duration.ofMillis(300),
                Duration.ofSeconds(5), 1_000).run();

        // every measured request is answered; one sent in the warm-up may be answered in the window too
        assertThat(result.latency().count()).isEqualTo(1_000);
        assertThat(result.completed()).isBetween(1_000L, 1_001L);
        assertThat(result.replies()).isGreaterThan(1_000).isEqualTo(requester.sentCount);
        assertThat(result.lost()).isZero();
        assertThat(result.serverCpuPerReply()).isNaN();
        assertThat(result.withServerCpu(2_000_000).serverCpuPerReply())
                .isEqualTo(2_000_000.0 / result.replies());
    }

    @Test
    void theProcessProbeReadsTheCpuTimeThisProcessUses() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ProcessProbe probe = new ProcessProbe(ProcessHandle.current().pid());
        OptionalLong before = probe.cpuNanos();
        // spin until this thread has had 300 ms of CPU, however long that takes on a loaded machine
        // (300 ms of wall clock can be far less CPU when other builds share the cores)
        long spin = threads.getCurrentThreadCpuTime() + 300_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < spin) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        OptionalLong after = probe.cpuNanos();

        assertThat(x).isNotNegative();
        assertThat(before).isPresent();
        assertThat(after).isPresent();
        // at least this thread's 300 ms, read at 10 ms resolution
        assertThat(after.getAsLong() - before.getAsLong()).isGreaterThanOrEqualTo(200_000_000L);
        assertThat(new ProcessProbe(Long.MAX_VALUE).cpuNanos()).isEmpty();
    }

    /** Replies to every request immediately, on its event loop. */
    private static final class Instant extends Requester {

        private final EventLoop loop;
        long sentCount;

        Instant(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void send(long t0) {
            sentCount++;
            loop.execute(() -> sink.onReply(this, t0));
        }

        @Override
        public EventLoop eventLoop() {
            return loop;
        }

        @Override
        public void close() {
        }
    }
}
