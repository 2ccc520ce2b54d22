package io.bondy.bridge.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.bridge.mapping.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeSpecParserTest {

    private final BridgeSpecParser parser = new BridgeSpecParser(10);

    /** The shape of Bondy's examples/config/broker_bridge_config.json (written here, not copied). */
    private static final String BONDY_STYLE = """
            {"id": "com.example.bridge", "meta": {},
             "subscriptions": [{"bridge": "bondy_kafka_bridge",
               "match": {"realm": "com.example", "topic": "com.example.on_counter", "options": {"match": "exact"}},
               "action": {"type": "produce_sync", "topic": "{{kafka.topics |> get(wamp_events)}}",
                          "key": "\\"{{event.topic}}/{{event.publication_id}}\\"", "value": "{{event}}",
                          "options": {"client_id": "default", "acknowledge": true, "encoding": "json"}}}]}
            """;

    @Test
    void bondysKafkaSpecIsAcceptedAndItsBridgeNameIsKafka() {
        BridgeSpec spec = parser.parse(Json.decode(BONDY_STYLE.getBytes(StandardCharsets.UTF_8)));
        assertThat(spec.id()).isEqualTo("com.example.bridge");
        assertThat(spec.version()).isEqualTo("1.0");
        OutboundRule rule = spec.subscriptions().get(0);
        assertThat(rule.kind()).isEqualTo("kafka");
        assertThat(rule.clientId()).isEqualTo("default");
        assertThat(rule.match()).isEqualTo("exact");
        assertThat(rule.encoding()).isEqualTo("json");
    }

    @Test
    void inboundMappingsAreParsed() {
        BridgeSpec spec = parser.parse(Map.of("id", "in", "inbound", List.of(Map.of("bridge", "nats",
                "source", Map.of("topic", "orders.>", "options", Map.of("encoding", "raw")),
                "action", Map.of("realm", "com.example", "authid", "bridge", "topic", "com.example.{{record.topic}}",
                        "args", List.of("{{record.value}}"))))));
        InboundRule rule = spec.inbound().get(0);
        assertThat(rule.kind()).isEqualTo("nats");
        assertThat(rule.clientId()).isEqualTo("default");
        assertThat(rule.source()).isEqualTo("orders.>");
        assertThat(rule.encoding()).isEqualTo("raw");
        assertThat(rule.authid()).isEqualTo("bridge");
    }

    @Test
    void theFirstErrorIsReportedWithItsPath() {
        assertPath(Map.of("subscriptions", List.of()), "id");
        assertPath(Map.of("id", "x", "kind", "api_spec", "subscriptions", List.of()), "kind");
        assertPath(Map.of("id", "x"), "subscriptions");
        assertPath(Map.of("id", "x", "subscriptions", List.of(rule("zeromq", "q", "{{event}}"))), "subscriptions.0.bridge");
        assertPath(Map.of("id", "x", "subscriptions", List.of(rule("amqp", "q", "{{event}}"),
                rule("amqp", "q", "{{event |> no_such_operator}}"))), "subscriptions.1.action.value");
        assertPath(Map.of("id", "x", "subscriptions", List.of(Map.of("bridge", "amqp",
                "match", Map.of("realm", "r", "topic", "t", "options", Map.of("match", "fuzzy")),
                "action", Map.of("topic", "q", "value", "v")))), "subscriptions.0.match.options.match");
        assertPath(Map.of("id", "x", "subscriptions", List.of(Map.of("bridge", "amqp",
                "match", Map.of("realm", "r", "topic", "t"), "action", Map.of("value", "v")))),
                "subscriptions.0.action.topic");
        assertPath(Map.of("id", "x", "subscriptions", List.of(), "surprise", 1), "surprise");
        assertPath(Map.of("id", "x", "inbound", List.of(Map.of("bridge", "mqtt", "source", Map.of("topic", "a/#"),
                "action", Map.of("realm", "r", "topic", "t")))), "inbound.0.action.authid");
    }

    @Test
    void aSpecWithTooManyRulesIsRefused() {
        List<Object> rules = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            rules.add(rule("amqp", "q", "v"));
        }
        assertThatThrownBy(() -> parser.parse(Map.of("id", "x", "subscriptions", rules)))
                .isInstanceOf(SpecException.class).hasMessageContaining("at most 10");
    }

    private static Map<String, Object> rule(String bridge, String topic, String value) {
        return Map.of("bridge", bridge, "match", Map.of("realm", "r", "topic", "t"),
                "action", Map.of("topic", topic, "value", value));
    }

    private void assertPath(Map<String, Object> spec, String path) {
        assertThatThrownBy(() -> parser.parse(spec)).isInstanceOfSatisfying(SpecException.class,
                e -> assertThat(e.path()).isEqualTo(path));
    }
}
