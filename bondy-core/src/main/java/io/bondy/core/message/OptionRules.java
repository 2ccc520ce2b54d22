package io.bondy.core.message;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Type rules for the options and details the spec defines. Unknown keys pass untouched (the spec
 * says peers must ignore them); a known key with a value of the wrong type is a protocol violation
 * whose message names the key.
 */
final class OptionRules {

    private static final Set<String> MATCH = Set.of("exact", "prefix", "wildcard");
    private static final Set<String> INVOKE = Set.of("single", "roundrobin", "random", "first", "last",
            "jump_consistent_hash", "queue_least_loaded");
    private static final Set<String> CANCEL_MODES = Set.of("skip", "kill", "killnowait");
    private static final Set<String> ENC_ALGOS = Set.of("cryptobox", "mqtt", "xbr");

    private static final Rule BOOL = new Rule("a boolean", v -> v instanceof Boolean);
    private static final Rule STRING = new Rule("a string", v -> v instanceof String);
    private static final Rule DICT = new Rule("a dict", v -> v instanceof Map);
    private static final Rule ID = new Rule("an ID", OptionRules::isId);
    private static final Rule NON_NEGATIVE = new Rule("a non-negative integer",
            v -> (v instanceof Integer || v instanceof Long || WireReader.isIntegralFloat(v))
                    && ((Number) v).longValue() >= 0);
    private static final Rule IDS = listOf("a list of IDs", OptionRules::isId);
    private static final Rule STRINGS = listOf("a list of strings", v -> v instanceof String);
    private static final Rule DICTS = listOf("a list of dicts", v -> v instanceof Map);
    private static final Rule ENC_ALGO = new Rule("a known algorithm (cryptobox, mqtt, xbr or x_...)",
            v -> v instanceof String s && (ENC_ALGOS.contains(s) || s.startsWith("x_")));

    private static final Map<String, Rule> PPT = Map.of(
            "ppt_scheme", STRING, "ppt_serializer", STRING, "ppt_cipher", STRING, "ppt_keyid", STRING,
            "enc_algo", ENC_ALGO, "enc_serializer", STRING, "enc_key", STRING);

    private static final Map<MessageType, Map<String, Rule>> RULES = new EnumMap<>(MessageType.class);

    static {
        RULES.put(MessageType.HELLO, Map.of(
                "roles", DICT, "authmethods", STRINGS, "authid", STRING, "authrole", STRING,
                "authextra", DICT, "agent", STRING));
        RULES.put(MessageType.PUBLISH, merge(PPT, Map.ofEntries(
                Map.entry("acknowledge", BOOL), Map.entry("exclude_me", BOOL),
                Map.entry("exclude", IDS), Map.entry("exclude_authid", STRINGS),
                Map.entry("exclude_authrole", STRINGS), Map.entry("eligible", IDS),
                Map.entry("eligible_authid", STRINGS), Map.entry("eligible_authrole", STRINGS),
                Map.entry("retain", BOOL), Map.entry("disclose_me", BOOL),
                Map.entry("transaction_hash", STRING), Map.entry("forward_for", DICTS))));
        RULES.put(MessageType.SUBSCRIBE, Map.of(
                "match", new Rule("one of exact, prefix, wildcard", MATCH::contains),
                "get_retained", BOOL, "forward_for", DICTS));
        RULES.put(MessageType.EVENT, merge(PPT, Map.of(
                "publisher", ID, "publisher_authid", STRING, "publisher_authrole", STRING,
                "topic", STRING, "retained", BOOL, "transaction_hash", STRING,
                "x_acknowledged_delivery", BOOL, "forward_for", DICTS, "trustlevel", NON_NEGATIVE)));
        RULES.put(MessageType.CALL, merge(PPT, Map.of(
                "timeout", NON_NEGATIVE, "receive_progress", BOOL, "progress", BOOL, "disclose_me", BOOL,
                "rkey", STRING, "forward_for", DICTS)));
        RULES.put(MessageType.REGISTER, Map.of(
                "match", new Rule("one of exact, prefix, wildcard", MATCH::contains),
                "invoke", new Rule("a known invocation policy", INVOKE::contains),
                "disclose_caller", BOOL, "force_reregister", BOOL, "forward_for", DICTS));
        RULES.put(MessageType.INVOCATION, merge(PPT, Map.of(
                "caller", ID, "caller_authid", STRING, "caller_authrole", STRING, "procedure", STRING,
                "receive_progress", BOOL, "progress", BOOL, "timeout", NON_NEGATIVE, "trustlevel", NON_NEGATIVE)));
        RULES.put(MessageType.YIELD, merge(PPT, Map.of("progress", BOOL, "forward_for", DICTS)));
        RULES.put(MessageType.RESULT, merge(PPT, Map.of("progress", BOOL, "forward_for", DICTS)));
        RULES.put(MessageType.ERROR, PPT);
        RULES.put(MessageType.CANCEL, Map.of("mode", new Rule("one of skip, kill, killnowait", CANCEL_MODES::contains)));
        RULES.put(MessageType.INTERRUPT, Map.of(
                "mode", new Rule("one of skip, kill, killnowait", CANCEL_MODES::contains), "reason", STRING));
    }

    private OptionRules() {
    }

    static void check(WampMessage message) {
        Map<String, Rule> rules = RULES.get(message.type());
        if (rules == null) {
            return;
        }
        Map<String, Object> dict = dictOf(message);
        for (Map.Entry<String, Object> e : dict.entrySet()) {
            Rule rule = rules.get(e.getKey());
            if (rule != null && !rule.test.test(e.getValue())) {
                throw new ProtocolViolationException(message.type() + " option '" + e.getKey()
                        + "' must be " + rule.expected);
            }
        }
        if (payloadOf(message) instanceof Payload.Transparent
                && !dict.containsKey("ppt_scheme") && !dict.containsKey("enc_algo")) {
            throw new ProtocolViolationException(message.type()
                    + " carries a transparent payload without 'ppt_scheme' (or 'enc_algo') saying what it is");
        }
        if (message instanceof Hello h && !(h.details().get("roles") instanceof Map<?, ?> roles && !roles.isEmpty())) {
            throw new ProtocolViolationException("HELLO must announce 'roles' in Details");
        }
    }

    private static Map<String, Object> dictOf(WampMessage m) {
        // Java 17 has no pattern matching for switch yet: a short instanceof ladder.
        if (m instanceof Hello h) {
            return h.details();
        } else if (m instanceof Publish p) {
            return p.options();
        } else if (m instanceof Subscribe s) {
            return s.options();
        } else if (m instanceof Event e) {
            return e.details();
        } else if (m instanceof Call c) {
            return c.options();
        } else if (m instanceof Register r) {
            return r.options();
        } else if (m instanceof Invocation i) {
            return i.details();
        } else if (m instanceof Yield y) {
            return y.options();
        } else if (m instanceof Result r) {
            return r.details();
        } else if (m instanceof Error e) {
            return e.details();
        } else if (m instanceof Cancel c) {
            return c.options();
        } else if (m instanceof Interrupt i) {
            return i.options();
        }
        return Map.of();
    }

    private static Payload payloadOf(WampMessage m) {
        if (m instanceof Publish p) {
            return p.payload();
        } else if (m instanceof Event e) {
            return e.payload();
        } else if (m instanceof Call c) {
            return c.payload();
        } else if (m instanceof Invocation i) {
            return i.payload();
        } else if (m instanceof Yield y) {
            return y.payload();
        } else if (m instanceof Result r) {
            return r.payload();
        } else if (m instanceof Error e) {
            return e.payload();
        }
        return Payload.NONE;
    }

    private static boolean isId(Object v) {
        return (v instanceof Integer || v instanceof Long || WireReader.isIntegralFloat(v))
                && ((Number) v).longValue() >= 0 && ((Number) v).longValue() <= WireReader.MAX_ID;
    }

    private static Rule listOf(String expected, Predicate<Object> element) {
        return new Rule(expected, v -> v instanceof List<?> l && l.stream().allMatch(element));
    }

    private static Map<String, Rule> merge(Map<String, Rule> a, Map<String, Rule> b) {
        java.util.HashMap<String, Rule> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return Map.copyOf(m);
    }

    private record Rule(String expected, Predicate<Object> test) {
    }
}
