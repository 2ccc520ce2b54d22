package io.bondy.bridge.outbox;

import java.time.Duration;

/**
 * The delivery limits of every client (bondy.conf {@code broker_bridge.*}).
 *
 * @param queueCapacity    records kept in memory per client ({@code broker_bridge.queue.capacity})
 * @param spillMaxRecords  records spilled to the node's disk per client before new ones are dropped and
 *                         counted ({@code broker_bridge.spill.max_records}; 0 disables the spill)
 * @param maxInFlight      records sent before waiting for their acknowledgements ({@code broker_bridge.max_in_flight});
 *                         each client's outbox takes the smaller of this and the client's own
 *                         {@link io.bondy.bridge.spi.BrokerClient#maxInFlight()}
 * @param produceTimeout   how long a broker may take to acknowledge a record ({@code broker_bridge.produce_timeout})
 * @param retryInitial     the first retry's delay ({@code broker_bridge.retry.initial_backoff})
 * @param retryMax         the longest delay between retries ({@code broker_bridge.retry.max_backoff})
 */
public record OutboxSettings(int queueCapacity, long spillMaxRecords, int maxInFlight, Duration produceTimeout,
        Duration retryInitial, Duration retryMax) {

    public static OutboxSettings defaults() {
        return new OutboxSettings(10_000, 1_000_000, 8192, Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofSeconds(10));
    }
}
