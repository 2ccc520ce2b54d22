package io.bondy.bridge.amqp;

import io.bondy.bridge.client.ClientConfig;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.BrokerClientFactory;
import java.util.Map;
import java.util.Set;

/**
 * AMQP 0-9-1 clients. Keys under {@code broker_bridge.amqp.clients.<name>.}: {@code endpoints}
 * (host:port list, default 127.0.0.1:5672), {@code username}, {@code password} (guest/guest),
 * {@code virtual_host} (/), {@code exchange} (the default exchange of produced records, default "" = the
 * default exchange, where the routing key names a queue), {@code prefetch} (unacknowledged deliveries
 * per consumer, 256), {@code connection_timeout} (10s), {@code reconnect_interval} (2s),
 * {@code declare_queues} (on: a consumed queue is declared durable if missing), {@code max_in_flight} (records
 * the bridge's outbox keeps published and unconfirmed, {@value #DEFAULT_MAX_IN_FLIGHT}).
 */
public final class AmqpClientFactory implements BrokerClientFactory {

    static final Set<String> KEYS = Set.of("endpoints", "username", "password", "virtual_host", "exchange",
            "prefetch", "connection_timeout", "reconnect_interval", "declare_queues", "max_in_flight");
    /** Publisher confirms come in batches ({@code multiple}); a few thousand unconfirmed keep the channel busy. */
    static final int DEFAULT_MAX_IN_FLIGHT = 4096;

    @Override
    public String kind() {
        return "amqp";
    }

    @Override
    public BrokerClient create(String name, Map<String, String> config) {
        ClientConfig c = new ClientConfig(kind(), name, config);
        c.only(KEYS);
        return new AmqpClient(name, new AmqpSettings(c.endpoints("127.0.0.1:5672", 5672), c.string("username", "guest"),
                c.string("password", "guest"), c.string("virtual_host", "/"), c.string("exchange", ""),
                c.integer("prefetch", 256, 1, 65535), c.duration("connection_timeout", java.time.Duration.ofSeconds(10)),
                c.duration("reconnect_interval", java.time.Duration.ofSeconds(2)), c.bool("declare_queues", true),
                c.integer("max_in_flight", DEFAULT_MAX_IN_FLIGHT, 1, 65535)));
    }

    /** The parsed keys. */
    record AmqpSettings(java.util.List<ClientConfig.HostPort> endpoints, String username, String password,
            String virtualHost, String exchange, int prefetch, java.time.Duration connectionTimeout,
            java.time.Duration reconnectInterval, boolean declareQueues, int maxInFlight) {
    }
}
