package io.bondy.bridge.spec;

import io.bondy.core.expression.ExpressionException;
import io.bondy.core.expression.Mops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a whole broker bridge spec (a JSON object as plain Java maps and lists) into a
 * {@link BridgeSpec}; the first error is a {@link SpecException} with its path. Pure and thread-safe.
 *
 * <pre>
 * {"id": "...", "version": "1.0", "kind": "broker_bridge", "meta": {},
 *  "subscriptions": [{"bridge": "amqp", "meta": {},
 *      "match": {"realm": "com.example", "topic": "com.example.", "options": {"match": "prefix"}},
 *      "action": {"type": "produce", "topic": "...", "key": "...", "value": "{{event}}", "headers": {},
 *                 "options": {"client_id": "default", "encoding": "json", ...}}}],
 *  "inbound": [{"bridge": "nats", "meta": {},
 *      "source": {"client_id": "default", "topic": "orders.>", "options": {"encoding": "json"}},
 *      "action": {"type": "publish", "realm": "com.example", "authid": "bridge",
 *                 "topic": "com.example.{{record.topic}}", "args": "{{record.value.args}}",
 *                 "kwargs": "{{record.value.kwargs}}", "options": {}}}]}
 * </pre>
 */
public final class BridgeSpecParser {

    public static final String KIND = "broker_bridge";
    private static final Set<String> TOP = Set.of("id", "version", "kind", "meta", "subscriptions", "inbound");
    private static final Set<String> RULE = Set.of("bridge", "meta", "match", "action");
    private static final Set<String> MATCH = Set.of("realm", "topic", "options");
    private static final Set<String> OUT_ACTION = Set.of("type", "topic", "key", "value", "headers", "options");
    private static final Set<String> INBOUND = Set.of("bridge", "meta", "source", "action");
    private static final Set<String> SOURCE = Set.of("client_id", "topic", "options");
    private static final Set<String> IN_ACTION = Set.of("type", "realm", "authid", "topic", "args", "kwargs",
            "options");
    private static final Set<String> ENCODINGS = Set.of("json", "raw");
    private static final int MAX_NAME = 255;

    private final int maxRules;

    /** @param maxRules the most subscriptions plus inbound mappings one spec may have */
    public BridgeSpecParser(int maxRules) {
        this.maxRules = maxRules;
    }

    public BridgeSpec parse(Object document) {
        Map<String, Object> spec = map(document, "");
        only(spec, TOP, "");
        String id = name(spec.get("id"), "id", true);
        Object version = spec.getOrDefault("version", "1.0");
        if (!(version instanceof String v) || v.isEmpty() || v.length() > MAX_NAME) {
            throw new SpecException("version", "must be a non-empty string");
        }
        Object kind = spec.get("kind");
        if (kind != null && !KIND.equals(kind)) {
            throw new SpecException("kind", "must be \"" + KIND + "\"");
        }
        Map<String, Object> meta = optionalMap(spec.get("meta"), "meta");
        if (!spec.containsKey("subscriptions") && !spec.containsKey("inbound")) {
            throw new SpecException("subscriptions", "is required (a list, may be empty if inbound is given)");
        }
        List<Object> subs = list(spec.getOrDefault("subscriptions", List.of()), "subscriptions");
        List<Object> ins = list(spec.getOrDefault("inbound", List.of()), "inbound");
        if (subs.size() + ins.size() > maxRules) {
            throw new SpecException("subscriptions", "a spec may have at most " + maxRules
                    + " subscriptions and inbound mappings (broker_bridge.max_rules_per_spec)");
        }
        List<OutboundRule> out = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            out.add(outbound(subs.get(i), "subscriptions." + i));
        }
        List<InboundRule> in = new ArrayList<>();
        for (int i = 0; i < ins.size(); i++) {
            in.add(inbound(ins.get(i), "inbound." + i));
        }
        return new BridgeSpec(id, (String) version, meta, out, in, spec);
    }

    private static OutboundRule outbound(Object value, String path) {
        Map<String, Object> rule = map(value, path);
        only(rule, RULE, path);
        String kind = kind(rule.get("bridge"), path + ".bridge");
        Map<String, Object> meta = optionalMap(rule.get("meta"), path + ".meta");
        Map<String, Object> match = map(required(rule, "match", path), path + ".match");
        only(match, MATCH, path + ".match");
        String realm = name(match.get("realm"), path + ".match.realm", true);
        String topic = name(match.get("topic"), path + ".match.topic", true);
        Map<String, Object> matchOptions = optionalMap(match.get("options"), path + ".match.options");
        Object policy = matchOptions.getOrDefault("match", "exact");
        if (!(policy instanceof String p) || !Set.of("exact", "prefix", "wildcard").contains(p)) {
            throw new SpecException(path + ".match.options.match", "must be exact, prefix or wildcard");
        }
        Map<String, Object> action = map(required(rule, "action", path), path + ".action");
        only(action, OUT_ACTION, path + ".action");
        Object type = action.getOrDefault("type", "produce");
        if (!"produce".equals(type) && !"produce_sync".equals(type)) {
            throw new SpecException(path + ".action.type", "must be produce or produce_sync");
        }
        required(action, "topic", path + ".action");
        required(action, "value", path + ".action");
        if (action.containsKey("headers")) {
            optionalMap(action.get("headers"), path + ".action.headers");
        }
        Map<String, Object> options = optionalMap(action.get("options"), path + ".action.options");
        String client = name(options.getOrDefault("client_id", "default"), path + ".action.options.client_id", true);
        String encoding = encoding(options.get("encoding"), path + ".action.options.encoding");
        expressions(action, path + ".action");
        return new OutboundRule(kind, client, meta, realm, topic, (String) policy, action, encoding);
    }

    private static InboundRule inbound(Object value, String path) {
        Map<String, Object> rule = map(value, path);
        only(rule, INBOUND, path);
        String kind = kind(rule.get("bridge"), path + ".bridge");
        Map<String, Object> meta = optionalMap(rule.get("meta"), path + ".meta");
        Map<String, Object> source = map(required(rule, "source", path), path + ".source");
        only(source, SOURCE, path + ".source");
        String client = name(source.getOrDefault("client_id", "default"), path + ".source.client_id", true);
        String topic = name(source.get("topic"), path + ".source.topic", true);
        Map<String, Object> sourceOptions = optionalMap(source.get("options"), path + ".source.options");
        String encoding = encoding(sourceOptions.get("encoding"), path + ".source.options.encoding");
        Map<String, Object> action = map(required(rule, "action", path), path + ".action");
        only(action, IN_ACTION, path + ".action");
        Object type = action.getOrDefault("type", "publish");
        if (!"publish".equals(type)) {
            throw new SpecException(path + ".action.type", "must be publish");
        }
        String realm = name(action.get("realm"), path + ".action.realm", true);
        String authid = name(action.get("authid"), path + ".action.authid", true);
        required(action, "topic", path + ".action");
        if (action.containsKey("options")) {
            optionalMap(action.get("options"), path + ".action.options");
        }
        expressions(action, path + ".action");
        return new InboundRule(kind, client, meta, topic, sourceOptions, encoding, realm, authid, action);
    }

    private static void expressions(Map<String, Object> action, String path) {
        try {
            Mops.validate(action);
        } catch (ExpressionException e) {
            String where = e.path() == null || e.path().isEmpty() ? path : path + "." + e.path();
            throw new SpecException(where, "bad expression: " + e.getMessage());
        }
    }

    private static String kind(Object value, String path) {
        if (!(value instanceof String s)) {
            throw new SpecException(path, "is required: one of kafka, amqp, mqtt, nats (or bondy_kafka_bridge)");
        }
        return BridgeKinds.of(s).orElseThrow(() -> new SpecException(path,
                "unknown bridge '" + abbreviate(s) + "': expected kafka, amqp, mqtt, nats (or bondy_kafka_bridge)"));
    }

    private static String encoding(Object value, String path) {
        if (value == null) {
            return "json";
        }
        if (!(value instanceof String s) || !ENCODINGS.contains(s)) {
            throw new SpecException(path, "must be json or raw");
        }
        return s;
    }

    private static Object required(Map<String, Object> map, String key, String path) {
        if (!map.containsKey(key) || map.get(key) == null) {
            throw new SpecException(path.isEmpty() ? key : path + "." + key, "is required");
        }
        return map.get(key);
    }

    private static String name(Object value, String path, boolean required) {
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new SpecException(path, "must be a non-empty string");
        }
        if (s.length() > MAX_NAME) {
            throw new SpecException(path, "is longer than " + MAX_NAME + " characters");
        }
        return s;
    }

    private static void only(Map<String, Object> map, Set<String> known, String path) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw new SpecException(path.isEmpty() ? key : path + "." + key,
                        "unknown key (expected one of " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String path) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new SpecException(path, "must be an object");
        }
        for (Object key : m.keySet()) {
            if (!(key instanceof String)) {
                throw new SpecException(path, "keys must be strings");
            }
        }
        return new LinkedHashMap<>((Map<String, Object>) m);
    }

    private static Map<String, Object> optionalMap(Object value, String path) {
        return value == null ? Map.of() : map(value, path);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String path) {
        if (!(value instanceof List<?> l)) {
            throw new SpecException(path, "must be a list");
        }
        return (List<Object>) l;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
