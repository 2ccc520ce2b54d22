package io.bondy.bridge.mapping;

import io.bondy.bridge.spec.InboundRule;
import io.bondy.bridge.spi.InboundRecord;
import io.bondy.core.expression.Mops;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one consumed record into a WAMP publication, by {@code rule.action}. The context:
 * <pre>
 * record: {source, topic, key, value, headers}   (key as a string; value decoded per the rule's
 *         encoding: json gives the JSON value, raw a string if valid UTF-8, else binary)
 * broker: {node, agent};  &lt;kind&gt;: the bridge's variables
 * </pre>
 * {@code topic} must give a string; {@code args} a list or null; {@code kwargs} a map or null. Without
 * {@code args} and {@code kwargs} the publication has a JSON value's list as args, its map as kwargs,
 * anything else as the single argument.
 *
 * <p>Threading: pure; any thread.
 */
public final class InboundMapper {

    /** A mapped publication. */
    public record Publication(String topic, List<Object> args, Map<String, Object> kwargs, Map<String, Object> options) {
    }

    private final Map<String, Object> base;

    public InboundMapper(Map<String, Object> broker, Map<String, Map<String, Object>> variables) {
        Map<String, Object> b = new HashMap<>();
        b.put("broker", broker);
        b.putAll(variables);
        this.base = Map.copyOf(b);
    }

    @SuppressWarnings("unchecked")
    public Publication map(InboundRule rule, InboundRecord record) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", record.source());
        r.put("topic", record.topic());
        r.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        Object value = decode(record.value(), rule.encoding());
        r.put("value", value);
        r.put("headers", record.headers() == null ? Map.of() : record.headers());
        Map<String, Object> context = new HashMap<>(base);
        context.put("record", r);
        Map<String, Object> action = rule.action();
        Object topic = Mops.evalStrict(action.get("topic"), context);
        if (!(topic instanceof String t) || t.isEmpty()) {
            throw new IllegalArgumentException("action.topic did not evaluate to a non-empty string");
        }
        List<Object> args;
        Map<String, Object> kwargs;
        if (action.containsKey("args") || action.containsKey("kwargs")) {
            Object a = action.get("args") == null ? null : Mops.evalStrict(action.get("args"), context);
            Object k = action.get("kwargs") == null ? null : Mops.evalStrict(action.get("kwargs"), context);
            if (a != null && !(a instanceof List<?>)) {
                throw new IllegalArgumentException("action.args did not evaluate to a list");
            }
            if (k != null && !(k instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("action.kwargs did not evaluate to a map");
            }
            args = a == null ? List.of() : (List<Object>) a;
            kwargs = k == null ? Map.of() : (Map<String, Object>) k;
        } else if (value instanceof List<?> l) {
            args = (List<Object>) l;
            kwargs = Map.of();
        } else if (value instanceof Map<?, ?> m) {
            args = List.of();
            kwargs = (Map<String, Object>) m;
        } else {
            args = java.util.Collections.singletonList(value);
            kwargs = Map.of();
        }
        Map<String, Object> options = Map.of();
        if (action.get("options") instanceof Map<?, ?> o) {
            options = (Map<String, Object>) Mops.evalStrict(o, context);
        }
        return new Publication(t, args, kwargs, options);
    }

    private static Object decode(byte[] value, String encoding) {
        if (value == null) {
            return null;
        }
        if ("json".equals(encoding)) {
            return Json.decode(value);
        }
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try {
            return utf8.decode(java.nio.ByteBuffer.wrap(value)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return value;
        }
    }
}
