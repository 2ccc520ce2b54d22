package io.bondy.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The server's resources over a soak run: heap in use after a full GC ({@code jcmd GC.run}, then
 * {@code GC.heap_info}), open files ({@code /proc/PID/fd}), threads and RSS, sampled at intervals, and
 * the least-squares slope of each over the samples after the warm-up.
 */
final class SoakSamples {

    /** One reading; a figure is -1 when the process could not be read. */
    record Sample(double minutes, long heapBytes, long openFiles, long threads, long rssBytes) {
    }

    private final ProcessProbe probe;
    private final long start = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();

    SoakSamples(long pid) {
        this.probe = new ProcessProbe(pid);
    }

    Sample take() {
        long heap = probe.heapUsedAfterGc().orElse(-1);
        Sample s = new Sample((System.nanoTime() - start) / 60e9, heap, value(probe.openFiles()),
                value(probe.threads()), value(probe.rssBytes()));
        synchronized (samples) {
            samples.add(s);
        }
        return s;
    }

    List<Sample> all() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Samples taken at or after {@code minutes} into the run. */
    List<Sample> from(double minutes) {
        return all().stream().filter(s -> s.minutes() >= minutes).toList();
    }

    /** Least-squares slope of {@code y} over minutes, per minute; NaN with fewer than 3 samples. */
    static double slope(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> y) {
        List<Sample> valid = samples.stream().filter(s -> y.applyAsDouble(s) >= 0).toList();
        int n = valid.size();
        if (n < 3) {
            return Double.NaN;
        }
        double mx = valid.stream().mapToDouble(Sample::minutes).average().orElse(0);
        double my = valid.stream().mapToDouble(y).average().orElse(0);
        double num = 0;
        double den = 0;
        for (Sample s : valid) {
            num += (s.minutes() - mx) * (y.applyAsDouble(s) - my);
            den += (s.minutes() - mx) * (s.minutes() - mx);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private static long value(OptionalLong v) {
        return v.orElse(-1);
    }
}
