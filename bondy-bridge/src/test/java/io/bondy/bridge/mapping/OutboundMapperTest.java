package io.bondy.bridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.bridge.spec.OutboundRule;
import io.bondy.bridge.spi.OutboundRecord;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The record an event becomes: the event's entries, expressions over them, and the JSON of the value. */
class OutboundMapperTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OutboundMapper mapper = new OutboundMapper(Map.of("node", "n1", "agent", "bondy"),
            Map.of("kafka", Map.of("topics", Map.of("users", "wamp-users"))));

    private static Event event(Payload payload) {
        return new Event(11L, 22L, Map.of("topic", "com.example.users.created", "trustlevel", 0), payload);
    }

    @Test
    void theEventHasBondysEntriesInOrder() {
        Map<String, Object> e = OutboundMapper.event("realm1", "com.example.users.", event(
                Payload.of(List.of(1, "a"), Map.of("k", "v"))), 1234L);
        assertThat(new ArrayList<>(e.keySet())).containsExactly("realm", "topic", "subscription_id", "publication_id",
                "details", "args", "kwargs", "ingestion_timestamp");
        assertThat(e).containsEntry("realm", "realm1")
                .containsEntry("topic", "com.example.users.created") // the event's own topic, not the pattern
                .containsEntry("subscription_id", 11L).containsEntry("publication_id", 22L)
                .containsEntry("args", List.of(1, "a")).containsEntry("kwargs", Map.of("k", "v"))
                .containsEntry("ingestion_timestamp", 1234L).doesNotContainKey("payload").doesNotContainKey("other");
        assertThat(e.get("other")).isNull();
        assertThat(e).hasSize(8).isEqualTo(new LinkedHashMap<>(e));
        assertThatThrownBy(() -> e.put("realm", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aPassthroughEventHasItsPayloadAndNoArguments() throws Exception {
        byte[] bytes = {1, 2, 3};
        Map<String, Object> e = OutboundMapper.event("realm1", "t", new Event(1L, 2L, Map.of(),
                new Payload.Transparent(bytes)), 5L);
        assertThat(new ArrayList<>(e.keySet())).containsExactly("realm", "topic", "subscription_id", "publication_id",
                "details", "payload", "args", "kwargs", "ingestion_timestamp");
        assertThat((byte[]) e.get("payload")).containsExactly(bytes);
        assertThat(e).containsEntry("topic", "t").containsEntry("args", List.of()).containsEntry("kwargs", Map.of());
        assertThat(Json.encode(e)).isEqualTo(MAPPER.writeValueAsBytes(new LinkedHashMap<>(e)));
    }

    @Test
    void theWholeEventIsTheJsonOfItsEntries() throws Exception {
        Map<String, Object> e = OutboundMapper.event("realm1", "t", event(Payload.of(List.of(1.5, true),
                Map.of("name", "é \"q\" \u2028"))), 7L);
        OutboundRecord r = mapper.map(rule(Map.of("topic", "{{kafka.topics.users}}", "key", "{{event.publication_id}}",
                "value", "{{event}}")), e);
        assertThat(r.topic()).isEqualTo("wamp-users");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("22");
        assertThat(r.value()).isEqualTo(MAPPER.writeValueAsBytes(new LinkedHashMap<>(e)));
    }

    @Test
    void expressionsReachIntoTheEvent() {
        Map<String, Object> e = OutboundMapper.event("realm1", "t", event(Payload.of(List.of("x"), Map.of("id", 9))),
                7L);
        OutboundRecord r = mapper.map(rule(Map.of("topic", "{{event.realm}}.{{broker.node}}",
                "value", "{{event.kwargs}}",
                "headers", Map.of("first", "{{event.args |> head}}"), "options", Map.of("client_id", "default",
                        "partition", 3))), e);
        assertThat(r.topic()).isEqualTo("realm1.n1");
        assertThat(Json.decode(r.value())).isEqualTo(Map.of("id", 9));
        assertThat(r.headers()).containsExactly(Map.entry("first", "x"));
        assertThat(r.options()).containsExactly(Map.entry("partition", 3));
    }

    @Test
    void aMissingEntryFailsTheEvent() {
        Map<String, Object> e = OutboundMapper.event("realm1", "t", event(Payload.of(List.of())), 7L);
        assertThatThrownBy(() -> mapper.map(rule(Map.of("topic", "t", "value", "{{event.nope}}")), e))
                .isInstanceOf(RuntimeException.class).hasMessageContaining("nope");
    }

    private static OutboundRule rule(Map<String, Object> action) {
        return new OutboundRule("kafka", "default", Map.of(), "realm1", "com.example.users.", "prefix", action, "json");
    }

    // ------------------------------------------------------------------ Json.encode

    @Test
    void jsonEncodesWhatTheObjectMapperEncodes() throws Exception {
        Random random = new Random(20261206);
        for (int i = 0; i < 2_000; i++) {
            Object value = value(random, 0);
            assertThat(Json.encode(value)).as("value %s", value).isEqualTo(MAPPER.writeValueAsBytes(value));
        }
    }

    @Test
    void jsonEncodesEdgeValuesLikeTheObjectMapper() throws Exception {
        List<Object> values = new ArrayList<>(List.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300,
                Float.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, 0, -1, 9, 10, 99, 100, -100L,
                (short) 7, (byte) -1, new BigInteger("123456789012345678901234567890"), new BigDecimal("1.50"),
                new byte[0], new byte[] {(byte) 0xff, 0, 1}, "\u0000\u001f\ud83d\ude00", "lone \ud800 high",
                "lone \udc00 low", "x".repeat(5_000) + "é",
                UUID.fromString("00000000-0000-0000-0000-000000000001"), 'c', Map.of(1, "int key"), List.of()));
        Object deep = "leaf";
        for (int i = 0; i < 200; i++) { // past the direct writer's depth: the ObjectMapper writes the rest
            deep = i % 2 == 0 ? List.of(deep) : Map.of("k", deep);
        }
        values.add(deep);
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("a", null);
        values.add(withNull);
        values.add(new java.util.LinkedList<>(List.of(1, "two", List.of(3)))); // a list without random access
        values.add(new java.util.LinkedList<>());
        for (Object value : values) {
            assertThat(Json.encode(value)).as("value %s", value).isEqualTo(MAPPER.writeValueAsBytes(value));
        }
    }

    @Test
    void aNullKeyIsRefused() {
        Map<String, Object> m = new HashMap<>();
        m.put(null, 1);
        assertThatThrownBy(() -> Json.encode(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null key");
    }

    /** A random WAMP-like value: maps, lists, strings (any UTF-16), numbers, booleans, null, binaries. */
    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 7 : 9);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 5 -> string(random);
            case 6 -> bytes(random);
            case 7 -> {
                List<Object> l = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    l.add(value(random, depth + 1));
                }
                yield l;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    m.put(string(random), value(random, depth + 1));
                }
                yield m;
            }
        };
    }

    private static String string(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            b.append(switch (random.nextInt(4)) {
                case 0 -> (char) random.nextInt(0x20); // control characters, escaped
                case 1 -> (char) (0x20 + random.nextInt(0x60));
                case 2 -> "\"\\/";
                default -> {
                    int cp = 0x80 + random.nextInt(0x10ff00 - 0x80);
                    // no lone surrogate here (the edge cases have them)
                    yield new String(Character.toChars(cp >= 0xd800 && cp <= 0xdfff ? 0xe000 : cp));
                }
            });
        }
        return b.toString();
    }

    private static byte[] bytes(Random random) {
        byte[] b = new byte[random.nextInt(10)];
        random.nextBytes(b);
        return b;
    }
}
