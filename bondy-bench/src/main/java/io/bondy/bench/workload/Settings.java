package io.bondy.bench.workload;

import java.time.Duration;
import java.util.List;

/**
 * The sizes and durations of one run: {@link #fullMode()} (the default, about 30 minutes for
 * {@code bench/run.sh all}) or {@link #quickMode()} (a smoke run, under about 3 minutes).
 */
public record Settings(
        boolean quick,
        Duration warmup,
        Duration roundTrip,
        long roundTripMaxSamples,
        Duration throughput,
        List<Integer> callers,
        List<Integer> inFlight,
        List<Double> fixedRateFractions,
        int fixedRateCallers,
        Duration fixedRate,
        List<Integer> fanOutSubscribers,
        Duration fanOut,
        List<Integer> idleSessions) {

    public static Settings fullMode() {
        return new Settings(false, Duration.ofSeconds(2), Duration.ofSeconds(5), 100_000,
                Duration.ofSeconds(4), List.of(1, 4, 16, 64), List.of(1, 16),
                List.of(0.25, 0.5, 0.75), 16, Duration.ofSeconds(5),
                List.of(100, 1000), Duration.ofSeconds(5), List.of(10_000, 18_000));
    }

    public static Settings quickMode() {
        return new Settings(true, Duration.ofMillis(500), Duration.ofMillis(800), 20_000,
                Duration.ofMillis(800), List.of(1, 16), List.of(16),
                List.of(0.5), 16, Duration.ofMillis(1200),
                List.of(100, 1000), Duration.ofMillis(1000), List.of(2_000));
    }
}
