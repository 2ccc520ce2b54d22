package io.bondy.bridge.kafka;

import java.util.Map;

import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.BrokerClientFactory;

/**
 * Creates {@link KafkaBrokerClient}s from {@code broker_bridge.kafka.clients.<name>.*} (see
 * {@link KafkaClientConfig}). Kind {@value #KIND}; Bondy's bridge name {@value #BONDY_ALIAS} means the same.
 */
public final class KafkaBrokerClientFactory implements BrokerClientFactory {

    public static final String KIND = "kafka";
    /** Erlang Bondy's name for its Kafka bridge, accepted in specs beside {@value #KIND}. */
    public static final String BONDY_ALIAS = "bondy_kafka_bridge";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public BrokerClient create(String name, Map<String, String> config) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("broker_bridge.kafka.clients: a client needs a name");
        }
        return new KafkaBrokerClient(name, KafkaClientConfig.parse(name, config));
    }
}
