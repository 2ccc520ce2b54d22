package io.bondy.core.fuzz;

import io.bondy.core.message.MessageType;
import io.bondy.core.serialization.SerializerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Arbitraries of WAMP messages in their array form ({@code [TYPE, ...]}), for every one of the 25
 * message types: well-formed ones ({@link #valid}), the same with one to three mutations
 * ({@link #mutated}: an element replaced by a value of the wrong type or out of range, elements
 * dropped or appended, a known option with a wrong type, unknown options, another type code), and
 * frames of raw bytes ({@link #garbage}: random bytes, truncations, flipped and inserted bytes).
 *
 * <p>Every generated array is freshly built and may be changed by its user.
 */
public final class WampArbitraries {

    /** The types a client sends to a router; the others are the router's. */
    public static final Set<MessageType> CLIENT_TYPES = EnumSet.of(MessageType.HELLO, MessageType.ABORT,
            MessageType.AUTHENTICATE, MessageType.GOODBYE, MessageType.ERROR, MessageType.PUBLISH,
            MessageType.SUBSCRIBE, MessageType.UNSUBSCRIBE, MessageType.CALL, MessageType.CANCEL,
            MessageType.REGISTER, MessageType.UNREGISTER, MessageType.YIELD, MessageType.EVENT_RECEIVED);

    /** Every option and detail key the spec (and OptionRules) gives a type to. */
    private static final List<String> KNOWN_OPTIONS = List.of("roles", "authmethods", "authid", "authrole",
            "authextra", "agent", "acknowledge", "exclude_me", "exclude", "exclude_authid", "exclude_authrole",
            "eligible", "eligible_authid", "eligible_authrole", "retain", "disclose_me", "transaction_hash",
            "forward_for", "match", "get_retained", "publisher", "topic", "retained", "x_acknowledged_delivery",
            "trustlevel", "timeout", "receive_progress", "progress", "rkey", "invoke", "disclose_caller",
            "force_reregister", "caller", "procedure", "mode", "reason", "ppt_scheme", "ppt_serializer",
            "ppt_cipher", "ppt_keyid", "enc_algo", "enc_serializer", "enc_key");

    /** Built once: jqwik memoizes generators per arbitrary, and building them per case is slow. */
    private static final Map<MessageType, Arbitrary<List<Object>>> VALID = new EnumMap<>(MessageType.class);
    private static final Map<SerializerKind, Arbitrary<byte[]>> GARBAGE = new EnumMap<>(SerializerKind.class);
    private static final Map<Integer, Arbitrary<UnaryOperator<List<Object>>>> MUTATIONS = new ConcurrentHashMap<>();
    private static final Object ABSENT = new Object();
    private static final Arbitrary<List<Object>> ANY_VALID;
    private static final Arbitrary<List<Object>> CLIENT_VALID;

    static {
        for (MessageType type : MessageType.values()) {
            VALID.put(type, buildValid(type));
        }
        ANY_VALID = Arbitraries.oneOf(List.copyOf(VALID.values()));
        CLIENT_VALID = Arbitraries.oneOf(CLIENT_TYPES.stream().map(VALID::get).toList());
    }

    private WampArbitraries() {
    }

    /** A well-formed message of any type. */
    public static Arbitrary<List<Object>> anyValid() {
        return ANY_VALID;
    }

    /** A well-formed message of a type clients send (HELLO, CALL, PUBLISH, ...). */
    public static Arbitrary<List<Object>> clientValid() {
        return CLIENT_VALID;
    }

    /** A well-formed message of {@code type}: it decodes, and its known options have their types. */
    public static Arbitrary<List<Object>> valid(MessageType type) {
        return VALID.get(type);
    }

    private static Arbitrary<List<Object>> buildValid(MessageType type) {
        Arbitrary<Long> id = WireValues.ids();
        Arbitrary<String> uri = WireValues.uris();
        Arbitrary<Map<String, Object>> empty = Arbitraries.just(0).map(x -> new LinkedHashMap<>());
        return switch (type) {
            case HELLO -> Combinators.combine(realms(), helloDetails()).as((r, d) -> wire(type, r, d));
            case WELCOME -> Combinators.combine(id, helloDetails()).as((s, d) -> wire(type, s, d));
            case ABORT, GOODBYE -> Combinators.combine(extensible(empty), closeReasons())
                    .as((d, r) -> wire(type, d, r));
            case CHALLENGE -> Combinators.combine(Arbitraries.of("wampcra", "ticket", "cryptosign", "x"),
                    extensible(empty)).as((m, e) -> wire(type, m, e));
            case AUTHENTICATE -> Combinators.combine(WireValues.strings(64), extensible(empty))
                    .as((s, e) -> wire(type, s, e));
            case ERROR -> Combinators.combine(Arbitraries.of(48, 64, 66, 68, 32, 34, 16, 49), id,
                    extensible(empty), uri, payloads()).as((t, r, d, e, p) -> withPayload(wire(type, t, r, d, e), p));
            case PUBLISH -> Combinators.combine(id, options(type), uri, payloads())
                    .as((r, o, t, p) -> withPayload(wire(type, r, o, t), p));
            case SUBSCRIBE, REGISTER -> Combinators.combine(id, options(type), uri).as((r, o, t) -> wire(type, r, o, t));
            case PUBLISHED, SUBSCRIBED, UNSUBSCRIBE, REGISTERED, UNREGISTER ->
                    Combinators.combine(id, id).as((a, b) -> wire(type, a, b));
            case UNSUBSCRIBED, UNREGISTERED -> Combinators.combine(id, Arbitraries.of(false, true), extensible(empty))
                    .as((r, withDetails, d) -> withDetails ? wire(type, r, d) : wire(type, r));
            case EVENT, INVOCATION -> Combinators.combine(id, id, options(type), payloads())
                    .as((a, b, d, p) -> withPayload(wire(type, a, b, d), p));
            case EVENT_RECEIVED -> Combinators.combine(id, Arbitraries.of(false, true), extensible(empty), payloads())
                    .as((r, full, d, p) -> full ? withPayload(wire(type, r, d), p) : wire(type, r));
            case CALL -> Combinators.combine(id, options(type), uri, payloads())
                    .as((r, o, pr, p) -> withPayload(wire(type, r, o, pr), p));
            case CANCEL, INTERRUPT -> Combinators.combine(id, options(type)).as((r, o) -> wire(type, r, o));
            case RESULT, YIELD -> Combinators.combine(id, options(type), payloads())
                    .as((r, o, p) -> withPayload(wire(type, r, o), p));
        };
    }

    /** A well-formed message with one to three mutations; it may or may not still be valid. */
    public static Arbitrary<List<Object>> mutated(int maxString) {
        return mutated(anyValid(), maxString);
    }

    /** {@code messages} with one to three mutations each. */
    public static Arbitrary<List<Object>> mutated(Arbitrary<List<Object>> messages, int maxString) {
        return Combinators.combine(messages, mutation(maxString).list().ofMinSize(1).ofMaxSize(3))
                .as((message, mutations) -> {
                    List<Object> result = message;
                    for (UnaryOperator<List<Object>> m : mutations) {
                        result = m.apply(result);
                    }
                    return result;
                });
    }

    /** One change to a message array; each returns a new array. */
    public static Arbitrary<UnaryOperator<List<Object>>> mutation(int maxString) {
        return MUTATIONS.computeIfAbsent(maxString, WampArbitraries::buildMutation);
    }

    private static Arbitrary<UnaryOperator<List<Object>>> buildMutation(int maxString) {
        Arbitrary<Object> hostile = WireValues.hostile(maxString);
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 7);
        Arbitrary<UnaryOperator<List<Object>>> replace = Combinators.combine(index, hostile)
                .as((i, v) -> m -> {
                    List<Object> copy = new ArrayList<>(m);
                    if (copy.isEmpty()) {
                        copy.add(v);
                    } else {
                        copy.set(Math.max(1, i % copy.size()) % copy.size(), v);
                    }
                    return copy;
                });
        Arbitrary<UnaryOperator<List<Object>>> typeCode = Arbitraries.oneOf(
                Arbitraries.of(0, 7, 9, 99, 255, 256, 336, 338, 999, -1, 1, 2, 8, 36, 48, 68, 70, 337)
                        .map(Object.class::cast), hostile)
                .map(code -> m -> {
                    List<Object> copy = new ArrayList<>(m);
                    if (copy.isEmpty()) {
                        copy.add(code);
                    } else {
                        copy.set(0, code);
                    }
                    return copy;
                });
        Arbitrary<UnaryOperator<List<Object>>> drop = Arbitraries.integers().between(1, 3).map(n -> m ->
                new ArrayList<>(m.subList(0, Math.max(0, m.size() - n))));
        Arbitrary<UnaryOperator<List<Object>>> append = hostile.list().ofMinSize(1).ofMaxSize(3).map(extra -> m -> {
            List<Object> copy = new ArrayList<>(m);
            copy.addAll(extra);
            return copy;
        });
        Arbitrary<UnaryOperator<List<Object>>> knownOption = Combinators.combine(Arbitraries.of(KNOWN_OPTIONS), hostile)
                .as((k, v) -> m -> withOption(m, k, v));
        Arbitrary<UnaryOperator<List<Object>>> unknownOption = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(s -> "x_" + s), hostile)
                .as((k, v) -> m -> withOption(m, k, v));
        Arbitrary<UnaryOperator<List<Object>>> wrap = Arbitraries.of(0, 1).map(how -> m -> how == 0 || m.isEmpty()
                ? new ArrayList<>(List.of(m)) : new ArrayList<>(Arrays.asList(m.get(0), m)));
        return Arbitraries.frequencyOf(
                Tuple.of(6, replace), Tuple.of(2, typeCode), Tuple.of(2, drop), Tuple.of(2, append),
                Tuple.of(5, knownOption), Tuple.of(2, unknownOption), Tuple.of(1, wrap));
    }

    /**
     * Frames of raw bytes for {@code kind}: random bytes, and well-formed frames truncated, with
     * bytes flipped or inserted, or with garbage after them.
     */
    public static Arbitrary<byte[]> garbage(SerializerKind kind) {
        synchronized (GARBAGE) {
            return GARBAGE.computeIfAbsent(kind, WampArbitraries::buildGarbage);
        }
    }

    private static Arbitrary<byte[]> buildGarbage(SerializerKind kind) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(64);
        Arbitrary<byte[]> longer = Arbitraries.bytes().array(byte[].class).ofMinSize(65).ofMaxSize(2048);
        Arbitrary<byte[]> frames = anyValid().map(wire -> WireEncoder.encode(kind, wire));
        Arbitrary<byte[]> truncated = Combinators.combine(frames, Arbitraries.doubles().between(0, 1))
                .as((f, cut) -> Arrays.copyOf(f, (int) (f.length * cut)));
        Arbitrary<byte[]> flipped = Combinators.combine(frames,
                Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.bytes().list().ofMinSize(4).ofMaxSize(4))
                .as((f, positions, values) -> {
                    byte[] copy = f.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        copy[positions.get(i) % copy.length] ^= (byte) (values.get(i) | 1);
                    }
                    return copy;
                });
        Arbitrary<byte[]> inserted = Combinators.combine(frames, Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8))
                .as((f, at, extra) -> {
                    int p = at % (f.length + 1);
                    byte[] out = new byte[f.length + extra.length];
                    System.arraycopy(f, 0, out, 0, p);
                    System.arraycopy(extra, 0, out, p, extra.length);
                    System.arraycopy(f, p, out, p + extra.length, f.length - p);
                    return out;
                });
        Arbitrary<byte[]> headers = Arbitraries.of(formatHeaders(kind));
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(1, longer), Tuple.of(3, truncated),
                Tuple.of(4, flipped), Tuple.of(2, inserted), Tuple.of(1, headers));
    }

    /** Hand-picked starts of frames that declare more than they hold, or use what the format forbids. */
    private static byte[][] formatHeaders(SerializerKind kind) {
        return switch (kind) {
            case JSON -> new byte[][] {"[".repeat(100).getBytes(), "[48,1,{},\"a\",[".getBytes(),
                    "[1,\"realm1\",{\"roles\":{}}]\u0000".getBytes(), "\ufeff[6,{},\"x\"]".getBytes(),
                    {'[', '"', (byte) 0xC0, (byte) 0x80, '"', ']'}, "[1e999999999]".getBytes(),
                    ("[" + "9".repeat(2000) + "]").getBytes()};
            case MSGPACK -> new byte[][] {{(byte) 0xDD, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                    {(byte) 0x91, (byte) 0xDB, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                    {(byte) 0x93, (byte) 0xC1}, {(byte) 0x92, 0x01, (byte) 0xD4, 0x01, 0x00},
                    {(byte) 0x91, (byte) 0xDF, 0, 0, 0, 1, 1, 1}};
            case CBOR -> new byte[][] {{(byte) 0x9F, (byte) 0x9F, (byte) 0x9F}, {(byte) 0x9B, 0x7F, -1, -1, -1, -1, -1, -1, -1},
                    {(byte) 0x82, (byte) 0xC2, 0x41, 0x01, 0x01}, {(byte) 0x81, (byte) 0xD9, (byte) 0xD9, (byte) 0xF7, 0x01},
                    {(byte) 0x83, 0x01, 0x7F, 0x61, 0x61, (byte) 0xFF, (byte) 0xA0}, {(byte) 0x81, (byte) 0xF8, 0x10}};
        };
    }

    // ---- parts ----

    private static Arbitrary<String> realms() {
        return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just("realm1")), Tuple.of(1, WireValues.uris()));
    }

    private static Arbitrary<String> closeReasons() {
        return Arbitraries.of("wamp.close.close_realm", "wamp.close.goodbye_and_out", "wamp.close.normal",
                "wamp.error.system_shutdown", "com.example.reason");
    }

    private static Arbitrary<Map<String, Object>> helloDetails() {
        Arbitrary<Map<String, Object>> roles = Arbitraries.subsetOf("caller", "callee", "publisher", "subscriber")
                .ofMinSize(1).map(names -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    names.forEach(n -> r.put(n, Map.of("features", Map.of("progressive_call_results", true))));
                    return r;
                });
        Arbitrary<Map<String, Object>> known = Combinators.combine(roles, Arbitraries.of(false, true),
                WireValues.strings(32), Arbitraries.of(List.of(), List.of("anonymous"), List.of("ticket", "anonymous")))
                .as((r, more, agent, methods) -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("roles", r);
                    if (more) {
                        d.put("agent", agent);
                        d.put("authmethods", methods);
                    }
                    return d;
                });
        return extensible(known);
    }

    /** Options of the type with known keys at their right types, and sometimes an unknown key. */
    private static Arbitrary<Map<String, Object>> options(MessageType type) {
        Map<String, Arbitrary<Object>> known = new LinkedHashMap<>();
        Arbitrary<Object> bool = Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast);
        Arbitrary<Object> idList = WireValues.ids().list().ofMaxSize(3).map(Object.class::cast);
        Arbitrary<Object> match = Arbitraries.of("exact", "prefix", "wildcard").map(Object.class::cast);
        switch (type) {
            case PUBLISH -> {
                known.put("acknowledge", bool);
                known.put("exclude_me", bool);
                known.put("exclude", idList);
                known.put("eligible", idList);
                known.put("retain", bool);
                known.put("disclose_me", bool);
                known.put("eligible_authid", Arbitraries.of(List.of("anonymous"), List.of()).map(Object.class::cast));
            }
            case SUBSCRIBE -> {
                known.put("match", match);
                known.put("get_retained", bool);
            }
            case REGISTER -> {
                known.put("match", match);
                known.put("invoke", Arbitraries.of("single", "roundrobin", "random", "first", "last")
                        .map(Object.class::cast));
                known.put("disclose_caller", bool);
                known.put("force_reregister", bool);
            }
            case CALL -> {
                known.put("timeout", Arbitraries.of(0, 1, 50, 1000).map(Object.class::cast));
                known.put("receive_progress", bool);
                known.put("disclose_me", bool);
            }
            case EVENT, INVOCATION -> known.put("trustlevel", Arbitraries.of(0, 1, 7).map(Object.class::cast));
            case RESULT, YIELD -> known.put("progress", bool);
            case CANCEL -> known.put("mode", Arbitraries.of("skip", "kill", "killnowait").map(Object.class::cast));
            case INTERRUPT -> {
                known.put("mode", Arbitraries.of("kill", "killnowait").map(Object.class::cast));
                known.put("reason", WireValues.strings(16).map(Object.class::cast));
            }
            default -> { }
        }
        if (known.isEmpty()) {
            return extensible(Arbitraries.just(0).map(x -> new LinkedHashMap<>()));
        }
        List<String> keys = new ArrayList<>(known.keySet());
        List<Arbitrary<Object>> maybe = keys.stream()
                .map(k -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(ABSENT)), Tuple.of(1, known.get(k))))
                .toList();
        Arbitrary<Map<String, Object>> chosen = Combinators.combine(maybe).as(values -> {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                if (values.get(i) != ABSENT) {
                    o.put(keys.get(i), values.get(i));
                }
            }
            return o;
        });
        return extensible(chosen);
    }

    /** {@code dicts}, one in four with an extra unknown key ({@code x_*}) carrying any plain value. */
    private static Arbitrary<Map<String, Object>> extensible(Arbitrary<Map<String, Object>> dicts) {
        return Combinators.combine(dicts, Arbitraries.integers().between(0, 3), WireValues.plain(1))
                .as((d, roll, extra) -> {
                    Map<String, Object> copy = new LinkedHashMap<>(d);
                    if (roll == 0) {
                        copy.put("x_fuzz_extra", extra);
                    }
                    return copy;
                });
    }

    /** Nothing, {@code [args]} or {@code [args, kwargs]}. */
    private static Arbitrary<List<Object>> payloads() {
        Arbitrary<Object> args = WireValues.plain(2).list().ofMaxSize(4).map(Object.class::cast);
        Arbitrary<Object> kwargs = WireValues.dicts(WireValues.plain(2)).map(Object.class::cast);
        return Arbitraries.oneOf(
                Arbitraries.just(List.of()),
                args.map(a -> List.of(a)),
                Combinators.combine(args, kwargs).as((a, k) -> List.of(a, k)));
    }

    private static List<Object> withPayload(List<Object> wire, List<Object> payload) {
        wire.addAll(payload);
        return wire;
    }

    private static List<Object> withOption(List<Object> message, String key, Object value) {
        List<Object> copy = new ArrayList<>(message);
        for (int i = 1; i < copy.size(); i++) {
            if (copy.get(i) instanceof Map<?, ?> dict) {
                Map<Object, Object> changed = new LinkedHashMap<>(dict);
                changed.put(key, value);
                copy.set(i, changed);
                return copy;
            }
        }
        copy.add(new LinkedHashMap<>(Map.of(key, value == null ? "null" : value)));
        return copy;
    }

    private static List<Object> wire(MessageType type, Object... elements) {
        List<Object> wire = new ArrayList<>(elements.length + 3);
        wire.add(type.code());
        wire.addAll(Arrays.asList(elements));
        return wire;
    }
}
