package io.bondy.bridge.nats;

import io.bondy.bridge.client.ClientConfig;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.BrokerClientFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NATS clients. Keys under {@code broker_bridge.nats.clients.<name>.}: {@code endpoints} (host:port list,
 * default 127.0.0.1:4222), {@code username}, {@code password}, {@code token}, {@code jetstream} (on:
 * at-least-once through JetStream; off: core NATS, at most once), {@code stream} and
 * {@code stream_subjects} (a JetStream stream the client creates if missing, file storage),
 * {@code ack_wait} (30s: how long a consumed message may wait for its publication before redelivery),
 * {@code reconnect_interval} (2s), {@code connection_timeout} (10s), {@code max_in_flight} (records the
 * bridge's outbox keeps published and unacknowledged by JetStream, {@value #DEFAULT_MAX_IN_FLIGHT}: below
 * jnats' outgoing queue of 5,000 messages, past which a publish waits).
 */
public final class NatsClientFactory implements BrokerClientFactory {

    static final Set<String> KEYS = Set.of("endpoints", "username", "password", "token", "jetstream", "stream",
            "stream_subjects", "ack_wait", "reconnect_interval", "connection_timeout", "max_in_flight");
    static final int DEFAULT_MAX_IN_FLIGHT = 4096;

    @Override
    public String kind() {
        return "nats";
    }

    @Override
    public BrokerClient create(String name, Map<String, String> config) {
        ClientConfig c = new ClientConfig(kind(), name, config);
        c.only(KEYS);
        String stream = c.string("stream", null);
        List<String> subjects = Arrays.stream(c.string("stream_subjects", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        if (stream != null && subjects.isEmpty()) {
            throw new IllegalArgumentException("broker_bridge.nats.clients." + name
                    + ".stream_subjects: required with stream (e.g. orders.>)");
        }
        return new NatsBridgeClient(name, new NatsSettings(
                c.endpoints("127.0.0.1:4222", 4222).stream().map(e -> "nats://" + e).toList(),
                c.string("username", null), c.string("password", null), c.string("token", null),
                c.bool("jetstream", true), stream, subjects, c.duration("ack_wait", Duration.ofSeconds(30)),
                c.duration("reconnect_interval", Duration.ofSeconds(2)),
                c.duration("connection_timeout", Duration.ofSeconds(10)),
                c.integer("max_in_flight", DEFAULT_MAX_IN_FLIGHT, 1, 65535)));
    }

    /** The parsed keys. */
    record NatsSettings(List<String> servers, String username, String password, String token, boolean jetstream,
            String stream, List<String> streamSubjects, Duration ackWait, Duration reconnectInterval,
            Duration connectionTimeout, int maxInFlight) {
    }
}
