package io.bondy.bridge.spi;

import java.util.Map;

/** Creates clients of one kind from their config map (the keys under broker_bridge.<kind>.clients.<name>). */
public interface BrokerClientFactory {

    /** "kafka" | "amqp" | "mqtt" | "nats". */
    String kind();

    /** Validates config; throws IllegalArgumentException naming the bad key. */
    BrokerClient create(String name, Map<String, String> config);
}
