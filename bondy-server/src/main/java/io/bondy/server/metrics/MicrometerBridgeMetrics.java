package io.bondy.server.metrics;

import io.bondy.bridge.BridgeMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@link BridgeMetrics} on Micrometer, per bridge ({@code <kind>.<name>}):
 * {@code bondy.bridge.produced}, {@code bondy.bridge.failed}, {@code bondy.bridge.retried},
 * {@code bondy.bridge.spilled}, {@code bondy.bridge.overflow}, {@code bondy.bridge.consumed} (counters),
 * {@code bondy.bridge.queued{where=memory|spill}} (gauges) and {@code bondy.bridge.latency} (a timer
 * with a histogram: from the router's acceptance of a publication to the broker's acknowledgement).
 */
public final class MicrometerBridgeMetrics implements BridgeMetrics {

    private final MeterRegistry registry;
    private final Map<String, Meters> bridges = new ConcurrentHashMap<>();

    public MicrometerBridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private Meters meters(String bridge) {
        return bridges.computeIfAbsent(bridge, b -> new Meters(registry, b));
    }

    @Override
    public void produced(String bridge, long latencyMillis) {
        Meters m = meters(bridge);
        m.produced.increment();
        m.latency.record(Duration.ofMillis(Math.max(0, latencyMillis)));
    }

    @Override
    public void failed(String bridge) {
        meters(bridge).failed.increment();
    }

    @Override
    public void retried(String bridge) {
        meters(bridge).retried.increment();
    }

    @Override
    public void spilled(String bridge) {
        meters(bridge).spilled.increment();
    }

    @Override
    public void overflow(String bridge) {
        meters(bridge).overflow.increment();
    }

    @Override
    public void consumed(String bridge) {
        meters(bridge).consumed.increment();
    }

    @Override
    public void gauges(String bridge, LongSupplier memory, LongSupplier spilled) {
        Gauge.builder("bondy.bridge.queued", memory, s -> s.getAsLong()).tag("bridge", bridge).tag("where", "memory")
                .description("Records waiting in memory for the broker").register(registry);
        Gauge.builder("bondy.bridge.queued", spilled, s -> s.getAsLong()).tag("bridge", bridge).tag("where", "spill")
                .description("Records waiting in the node-local spill for the broker").register(registry);
    }

    private static final class Meters {

        final Counter produced;
        final Counter failed;
        final Counter retried;
        final Counter spilled;
        final Counter overflow;
        final Counter consumed;
        final Timer latency;

        Meters(MeterRegistry r, String bridge) {
            produced = Counter.builder("bondy.bridge.produced").tag("bridge", bridge)
                    .description("Records the broker acknowledged").register(r);
            failed = Counter.builder("bondy.bridge.failed").tag("bridge", bridge)
                    .description("Events or records that could not be mapped or were refused for good").register(r);
            retried = Counter.builder("bondy.bridge.retried").tag("bridge", bridge)
                    .description("Produce attempts that failed and were retried").register(r);
            spilled = Counter.builder("bondy.bridge.spilled").tag("bridge", bridge)
                    .description("Records written to the node-local spill").register(r);
            overflow = Counter.builder("bondy.bridge.overflow").tag("bridge", bridge)
                    .description("Records dropped because the queue and the spill were full").register(r);
            consumed = Counter.builder("bondy.bridge.consumed").tag("bridge", bridge)
                    .description("Records consumed from the broker and published").register(r);
            latency = Timer.builder("bondy.bridge.latency").tag("bridge", bridge).publishPercentileHistogram()
                    .description("From the router's acceptance of a publication to the broker's acknowledgement")
                    .register(r);
        }
    }
}
