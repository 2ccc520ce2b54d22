package io.bondy.bridge.mqtt;

import io.bondy.bridge.client.ClientConfig;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.BrokerClientFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * MQTT clients. Keys under {@code broker_bridge.mqtt.clients.<name>.}: {@code endpoints} (host:port
 * list, default 127.0.0.1:1883), {@code client_id} (default bondy-bridge-&lt;name&gt;; must be unique per
 * node, so a cluster sets it per node), {@code username}, {@code password}, {@code qos} (0, 1 or 2;
 * default 1), {@code clean_session} (off: the broker keeps subscriptions and QoS 1 messages while the
 * bridge is away), {@code keep_alive} (30s), {@code max_inflight} (1000: Paho's limit of QoS 1/2 publishes
 * awaiting their acknowledgement; Paho refuses a publish beyond it), {@code max_in_flight} (the records the
 * bridge's outbox keeps unacknowledged for this client; default and at most {@code max_inflight}),
 * {@code reconnect_interval} (2s), {@code connection_timeout} (10s).
 */
public final class MqttClientFactory implements BrokerClientFactory {

    static final Set<String> KEYS = Set.of("endpoints", "client_id", "username", "password", "qos", "clean_session",
            "keep_alive", "max_inflight", "max_in_flight", "reconnect_interval", "connection_timeout");

    @Override
    public String kind() {
        return "mqtt";
    }

    @Override
    public BrokerClient create(String name, Map<String, String> config) {
        ClientConfig c = new ClientConfig(kind(), name, config);
        c.only(KEYS);
        int pahoInflight = c.integer("max_inflight", 1000, 1, 65535);
        return new MqttBridgeClient(name, new MqttSettings(
                c.endpoints("127.0.0.1:1883", 1883).stream().map(e -> "tcp://" + e).toList(),
                c.string("client_id", "bondy-bridge-" + name), c.string("username", null), c.string("password", null),
                c.integer("qos", 1, 0, 2), c.bool("clean_session", false), c.duration("keep_alive", Duration.ofSeconds(30)),
                pahoInflight, c.integer("max_in_flight", pahoInflight, 1, pahoInflight),
                c.duration("reconnect_interval", Duration.ofSeconds(2)),
                c.duration("connection_timeout", Duration.ofSeconds(10))));
    }

    /** The parsed keys. */
    record MqttSettings(java.util.List<String> uris, String clientId, String username, String password, int qos,
            boolean cleanSession, Duration keepAlive, int maxInflight, int maxInFlight, Duration reconnectInterval,
            Duration connectionTimeout) {
    }
}
