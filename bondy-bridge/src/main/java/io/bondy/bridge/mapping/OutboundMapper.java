package io.bondy.bridge.mapping;

import io.bondy.bridge.spec.OutboundRule;
import io.bondy.bridge.spi.OutboundRecord;
import io.bondy.core.expression.Mops;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one WAMP event into the record {@code rule.action} describes. The context, as in Bondy:
 * <pre>
 * event:  {realm, topic, subscription_id, publication_id, details, args, kwargs, ingestion_timestamp}
 * broker: {node, agent}
 * &lt;kind&gt;: the bridge's variables from bondy.conf (broker_bridge.&lt;kind&gt;.topics.* as {topics: {...}})
 * </pre>
 * {@code topic} must evaluate to a non-empty string; {@code key} to a string, binary, null or anything
 * else (then JSON); {@code value} is encoded per {@code encoding} ({@code json}: as JSON; {@code raw}:
 * a string as UTF-8, a binary as it is, anything else as JSON); {@code headers} to a map whose values
 * become strings. The remaining {@code options} (all but {@code client_id} and {@code encoding}) go to
 * the client. A failing expression throws (the caller counts a failure for this event).
 *
 * <p>Threading: pure; any thread.
 */
public final class OutboundMapper {

    private final Map<String, Object> base;

    /**
     * @param broker    {@code {node, agent}}
     * @param variables per kind, the bridge's own variables
     */
    public OutboundMapper(Map<String, Object> broker, Map<String, Map<String, Object>> variables) {
        Map<String, Object> b = new HashMap<>();
        b.put("broker", broker);
        b.putAll(variables);
        this.base = Map.copyOf(b);
    }

    /** The {@code event} of the context, Bondy's names (also {@code arguments}/{@code arguments_kw}, Bondy's older names). */
    public static Map<String, Object> event(String realm, String topic, Event event, long ingestionMillis) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("realm", realm);
        Object actual = event.details().get("topic");
        e.put("topic", actual instanceof String s ? s : topic);
        e.put("subscription_id", event.subscriptionId());
        e.put("publication_id", event.publicationId());
        e.put("details", event.details());
        List<Object> args = List.of();
        Map<String, Object> kwargs = Map.of();
        if (event.payload() instanceof Payload.Arguments a) {
            args = a.argsOrEmpty();
            kwargs = a.kwargsOrEmpty();
        } else if (event.payload() instanceof Payload.Transparent t) {
            e.put("payload", t.bytes());
        }
        e.put("args", args);
        e.put("kwargs", kwargs);
        e.put("ingestion_timestamp", ingestionMillis);
        return e;
    }

    public OutboundRecord map(OutboundRule rule, Map<String, Object> event) {
        Map<String, Object> context = new EventContext(base, event);
        Map<String, Object> action = rule.action();
        Object topic = Mops.evalStrict(action.get("topic"), context);
        if (!(topic instanceof String t) || t.isEmpty()) {
            throw new IllegalArgumentException("action.topic evaluated to " + describe(topic) + ", not a non-empty string");
        }
        byte[] key = action.get("key") == null ? null : bytes(Mops.evalStrict(action.get("key"), context), "raw");
        byte[] value = bytes(Mops.evalStrict(action.get("value"), context), rule.encoding());
        Map<String, String> headers = new LinkedHashMap<>();
        if (action.get("headers") instanceof Map<?, ?> h) {
            Object evaluated = Mops.evalStrict(h, context);
            if (evaluated instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    if (v != null) {
                        headers.put(String.valueOf(k), v instanceof String s ? s : new String(Json.encode(v),
                                StandardCharsets.UTF_8));
                    }
                });
            }
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (action.get("options") instanceof Map<?, ?> o) {
            Object evaluated = Mops.evalStrict(o, context);
            if (evaluated instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    if (!"client_id".equals(k) && !"encoding".equals(k) && v != null) {
                        options.put(String.valueOf(k), v);
                    }
                });
            }
        }
        return new OutboundRecord(t, key, value, headers, options);
    }

    /**
     * The context of one event: the mapper's fixed entries and {@code event}, as a read-only view (the fixed
     * ones are not copied for every event; expressions only look roots up).
     */
    private static final class EventContext extends AbstractMap<String, Object> {

        private final Map<String, Object> base;
        private final Map<String, Object> event;

        EventContext(Map<String, Object> base, Map<String, Object> event) {
            this.base = base;
            this.event = event;
        }

        @Override
        public Object get(Object key) {
            return "event".equals(key) ? event : base.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return "event".equals(key) || base.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new HashMap<>(base);
            all.put("event", event);
            return java.util.Collections.unmodifiableMap(all).entrySet();
        }
    }

    static byte[] bytes(Object value, String encoding) {
        if (value instanceof byte[] b) {
            return "raw".equals(encoding) ? b : Json.encode(b);
        }
        if ("raw".equals(encoding) && value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return Json.encode(value);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
