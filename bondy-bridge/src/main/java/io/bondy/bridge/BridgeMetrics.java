package io.bondy.bridge;

/**
 * What the bridge reports per client ("bridge" label {@code <kind>.<name>}); bondy-server implements it
 * with Micrometer. Counts only: the queue sizes are read from {@link BrokerBridge#status()}.
 *
 * <p>Threading: any thread; implementations must not block.
 */
public interface BridgeMetrics {

    BridgeMetrics NOOP = new BridgeMetrics() {
    };

    /** A record the broker acknowledged; {@code latencyMillis} from the router's acceptance to the ack. */
    default void produced(String bridge, long latencyMillis) {
    }

    /** An event that could not be mapped or a record refused for good (not retried). */
    default void failed(String bridge) {
    }

    /** A produce attempt that failed and will be retried. */
    default void retried(String bridge) {
    }

    /** A record written to the node-local spill because the memory queue was full. */
    default void spilled(String bridge) {
    }

    /** A record dropped because the memory queue and the spill were both full. */
    default void overflow(String bridge) {
    }

    /** A record consumed from the broker and published into a realm. */
    default void consumed(String bridge) {
    }

    /** Registers gauges for a bridge's queue sizes (memory, spilled). */
    default void gauges(String bridge, java.util.function.LongSupplier memory, java.util.function.LongSupplier spilled) {
    }
}
