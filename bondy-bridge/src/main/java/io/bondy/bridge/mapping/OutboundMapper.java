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

    /**
     * The {@code event} of the context, Bondy's names, in this order: {@code realm, topic, subscription_id,
     * publication_id, details, [payload,] args, kwargs, ingestion_timestamp} ({@code payload}: the bytes of a
     * payload-passthrough event, whose {@code args} and {@code kwargs} are then empty). A read-only view over
     * the event, not a copy: one is made for every bridged event.
     */
    public static Map<String, Object> event(String realm, String topic, Event event, long ingestionMillis) {
        return new EventView(realm, topic, event, ingestionMillis);
    }

    /** Maps one event by {@code rule} (for many events, {@link #prepare} the rule once). */
    public OutboundRecord map(OutboundRule rule, Map<String, Object> event) {
        return prepare(rule).map(event);
    }

    /** The rule's action, ready for its events: headers and options without expressions are worked out once, here. */
    public Prepared prepare(OutboundRule rule) {
        return new Prepared(rule);
    }

    /** One rule's action, taken apart once; {@link #map} runs for every event (any thread). */
    public final class Prepared {

        private final Mops.Compiled topic;
        private final Mops.Compiled key;
        private final Mops.Compiled value;
        private final String encoding;
        private final Object headers;
        private final Map<String, String> fixedHeaders;
        private final Object options;
        private final Map<String, Object> fixedOptions;

        private Prepared(OutboundRule rule) {
            Map<String, Object> action = rule.action();
            this.topic = Mops.compile(action.get("topic"));
            this.key = action.get("key") == null ? null : Mops.compile(action.get("key"));
            this.value = Mops.compile(action.get("value"));
            this.encoding = rule.encoding();
            this.headers = action.get("headers") instanceof Map<?, ?> h ? h : null;
            this.fixedHeaders = headers == null ? Map.of() : Mops.hasExpressions(headers) ? null : headers(headers);
            this.options = action.get("options") instanceof Map<?, ?> o ? o : null;
            this.fixedOptions = options == null ? Map.of() : Mops.hasExpressions(options) ? null : options(options);
        }

        public OutboundRecord map(Map<String, Object> event) {
            Map<String, Object> context = new EventContext(base, event);
            Object t = topic.evalStrict(context); // a plain string comes back as it is
            if (!(t instanceof String name) || name.isEmpty()) {
                throw new IllegalArgumentException("action.topic evaluated to " + describe(t)
                        + ", not a non-empty string");
            }
            byte[] k = key == null ? null : bytes(key.evalStrict(context), "raw");
            byte[] v = bytes(value.evalStrict(context), encoding);
            Map<String, String> h = fixedHeaders != null ? fixedHeaders : headers(Mops.evalStrict(headers, context));
            Map<String, Object> o = fixedOptions != null ? fixedOptions : options(Mops.evalStrict(options, context));
            return new OutboundRecord(name, k, v, h, o);
        }
    }

    /** Evaluated headers: values become strings (anything but a string as JSON); null values are left out. */
    private static Map<String, String> headers(Object evaluated) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (evaluated instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (v != null) {
                    headers.put(String.valueOf(k), v instanceof String s ? s : new String(Json.encode(v),
                            StandardCharsets.UTF_8));
                }
            });
        }
        return java.util.Collections.unmodifiableMap(headers);
    }

    /** Evaluated options for the client: all but {@code client_id} and {@code encoding}, without null values. */
    private static Map<String, Object> options(Object evaluated) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (evaluated instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (!"client_id".equals(k) && !"encoding".equals(k) && v != null) {
                    options.put(String.valueOf(k), v);
                }
            });
        }
        return java.util.Collections.unmodifiableMap(options);
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
