package io.bondy.bridge;

import io.bondy.bridge.amqp.AmqpClientFactory;
import io.bondy.bridge.kafka.KafkaBrokerClientFactory;
import io.bondy.bridge.mqtt.MqttClientFactory;
import io.bondy.bridge.nats.NatsClientFactory;
import io.bondy.bridge.spi.BrokerClientFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client factories by broker kind. A new broker is one {@link BrokerClientFactory} and one
 * {@link #register} line in {@link #withBuiltIns()}.
 *
 * <p>Threading: thread-safe.
 */
public final class ClientRegistry {

    private final Map<String, BrokerClientFactory> factories = new ConcurrentHashMap<>();

    /** Every factory this module ships. */
    public static ClientRegistry withBuiltIns() {
        return new ClientRegistry()
                .register(new KafkaBrokerClientFactory())
                .register(new AmqpClientFactory())
                .register(new MqttClientFactory())
                .register(new NatsClientFactory());
    }

    /** Adds (or replaces) the factory of its kind; returns this. */
    public ClientRegistry register(BrokerClientFactory factory) {
        factories.put(factory.kind(), factory);
        return this;
    }

    public Optional<BrokerClientFactory> factory(String kind) {
        return Optional.ofNullable(factories.get(kind));
    }

    public Set<String> kinds() {
        return Set.copyOf(factories.keySet());
    }
}
