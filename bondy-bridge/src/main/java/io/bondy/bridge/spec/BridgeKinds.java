package io.bondy.bridge.spec;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The broker kinds a spec's {@code bridge} may name; Bondy's module name {@code bondy_kafka_bridge} is Kafka. */
public final class BridgeKinds {

    public static final String KAFKA = "kafka";
    public static final String AMQP = "amqp";
    public static final String MQTT = "mqtt";
    public static final String NATS = "nats";

    /** Every kind a spec may name. */
    public static final Set<String> ALL = Set.of(KAFKA, AMQP, MQTT, NATS);

    private static final Map<String, String> ALIASES = Map.of("bondy_kafka_bridge", KAFKA,
            "bondy_amqp_bridge", AMQP, "bondy_mqtt_bridge", MQTT, "bondy_nats_bridge", NATS);

    private BridgeKinds() {
    }

    /** The kind {@code name} stands for, or empty if it names none. */
    public static Optional<String> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (ALL.contains(name)) {
            return Optional.of(name);
        }
        return Optional.ofNullable(ALIASES.get(name));
    }
}
