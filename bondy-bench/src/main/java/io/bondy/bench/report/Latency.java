package io.bondy.bench.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency recorder (nanoseconds, 3 significant digits, up to 60 s; longer values are clamped)
 * that any thread may write to, and its summary.
 */
public final class Latency {

    private static final long HIGHEST = 60_000_000_000L;

    private final Recorder recorder = new Recorder(HIGHEST, 3);

    /** Wait-free; any thread. */
    public void record(long nanos) {
        recorder.recordValue(Math.max(1, Math.min(nanos, HIGHEST)));
    }

    /** The values recorded so far (call once, after the writers stopped). */
    public Summary summary() {
        return Summary.of(recorder.getIntervalHistogram());
    }

    /** Percentiles in nanoseconds. */
    public record Summary(long count, long p50, long p99, long p999, long max) {

        static Summary of(Histogram h) {
            return new Summary(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), h.getMaxValue());
        }

        public boolean isEmpty() {
            return count == 0;
        }
    }
}
