package io.bondy.bridge.spi;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One connection to one external broker (a "client" in bondy.conf:
 * {@code broker_bridge.<kind>.clients.<name>.*}).
 *
 * <p>Threads: every method may be called from any thread and none blocks; the client does its network
 * work on threads of its own (or its library's).
 */
public interface BrokerClient extends AutoCloseable {

    /** "kafka" | "amqp" | "mqtt" | "nats". */
    String kind();

    /** The client name from config, e.g. "default". */
    String name();

    /** Connects in the background; never throws because the broker is down; reconnects by itself. */
    void start();

    /**
     * Sends one record; the future completes when the broker acknowledged it (at-least-once), or fails.
     * Never blocks the caller.
     */
    CompletableFuture<Void> produce(OutboundRecord record);

    /**
     * The most records this client takes sent and not yet acknowledged. The client's outbox keeps a window
     * of the smaller of this and {@code broker_bridge.max_in_flight}, so a client with a hard limit of its own
     * (MQTT's {@code max_inflight}, Kafka's {@code producer.queue_capacity}) is never asked for more, and a
     * client that does well with many (Kafka) is not held to the global value's lower one. Each built-in client
     * reads it from its {@code max_in_flight} key. Default: no limit of its own.
     */
    default int maxInFlight() {
        return Integer.MAX_VALUE;
    }

    /** Current health (cheap, any thread). */
    BridgeHealth health();

    /** Whether {@link #consume} is supported. */
    default boolean canConsume() {
        return false;
    }

    /**
     * Starts consuming {@code source} (topic / queue / subject / MQTT filter). Each record is passed to
     * sink; the broker message is acknowledged only when the sink's stage completes normally
     * (at-least-once); a failed stage leaves it for redelivery. Returns a handle whose close() stops
     * consuming.
     */
    default AutoCloseable consume(String source, Map<String, Object> options,
            Function<InboundRecord, CompletionStage<Void>> sink) {
        throw new UnsupportedOperationException(kind() + " does not consume");
    }

    @Override
    void close();
}
