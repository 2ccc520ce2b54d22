package io.bondy.core.fuzz;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Arbitraries of the plain values a message array is made of (String, Long, Double, Boolean, byte[],
 * List, Map, null): well-formed ones (IDs in range, URIs, argument values) and hostile ones (wrong
 * types, integers beyond every range, deep nesting, long strings, null).
 */
public final class WireValues {

    /** The spec's largest ID, 2^53. */
    public static final long MAX_ID = 1L << 53;

    /** Nesting a little deeper than the serializers accept (64 levels), to cross the limit both ways. */
    private static final int DEEPEST = 80;

    private static final Map<Integer, Arbitrary<String>> STRINGS = new ConcurrentHashMap<>();
    private static final Map<Integer, Arbitrary<Object>> PLAIN = new ConcurrentHashMap<>();
    private static final Map<Integer, Arbitrary<Object>> HOSTILE = new ConcurrentHashMap<>();
    private static final Arbitrary<Long> IDS = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.longs().between(1, 16)),
            Tuple.of(3, Arbitraries.longs().between(0, MAX_ID)),
            Tuple.of(1, Arbitraries.of(0L, 1L, MAX_ID - 1, MAX_ID)));
    private static final Arbitrary<String> URIS = buildUris();
    private static final Arbitrary<Object> DEEP = Combinators.combine(Arbitraries.integers().between(1, DEEPEST),
            Arbitraries.of(Boolean.TRUE, Boolean.FALSE)).as(WireValues::nest);

    private WireValues() {
    }

    /** IDs in the spec's range [1, 2^53] (and 0, which decodes too), mostly small ones. */
    public static Arbitrary<Long> ids() {
        return IDS;
    }

    /** Well-formed URIs, the meta API's procedures among them, and a few the router must refuse. */
    public static Arbitrary<String> uris() {
        return URIS;
    }

    private static Arbitrary<String> buildUris() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '0', '9')
                .ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> generated = segment.list().ofMinSize(1).ofMaxSize(5).map(s -> String.join(".", s));
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("com.example.fuzz", "com.example.fuzz.topic", "com.example.fuzz.proc")),
                Tuple.of(3, Arbitraries.of("wamp.session.count", "wamp.session.list", "wamp.session.get",
                        "wamp.registration.list", "wamp.registration.lookup", "wamp.registration.match",
                        "wamp.subscription.list", "wamp.subscription.lookup", "wamp.subscription.match",
                        "wamp.session.kill", "wamp.close.close_realm", "wamp.error.canceled")),
                Tuple.of(4, generated.map(s -> "com." + s)),
                Tuple.of(1, Arbitraries.of("", ".", "com..fuzz", "com.fuzz.", ".com", "com fuzz", "com.#.fuzz",
                        "COM.Example", "com.ex\u00e4mple", "wamp.", "a")));
    }

    /** Strings without a leading NUL (JSON's binary marker): printable ASCII, accented and CJK text, emoji. */
    public static Arbitrary<String> strings(int maxLength) {
        return STRINGS.computeIfAbsent(maxLength, WireValues::buildStrings);
    }

    private static Arbitrary<String> buildStrings(int maxLength) {
        Arbitrary<String> printable = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(Math.min(maxLength, 40));
        Arbitrary<String> unicode = Arbitraries.strings().withCharRange('\u00a0', '\u024f')
                .withCharRange('\u4e00', '\u4fff').ofMaxLength(Math.min(maxLength, 20));
        Arbitrary<String> emoji = Arbitraries.of("\ud83d\ude00", "a\ud834\udd1eb", "\u202eevil", "\ufeff", "\uffff");
        Arbitrary<String> longOnes = Combinators.combine(Arbitraries.integers().between(Math.min(maxLength, 1000),
                maxLength), Arbitraries.of('x', '\u00e9', '\u4e2d')).as((n, c) -> String.valueOf(c).repeat(n));
        return Arbitraries.frequencyOf(Tuple.of(8, printable), Tuple.of(3, unicode), Tuple.of(1, emoji),
                Tuple.of(1, longOnes));
    }

    /**
     * A well-formed argument value: scalars (integers up to the 64-bit limits the router accepts), binary,
     * and lists and dicts of them up to {@code depth} levels.
     */
    public static Arbitrary<Object> plain(int depth) {
        Arbitrary<Object> cached = PLAIN.get(depth);
        if (cached == null) {
            cached = buildPlain(depth);
            PLAIN.put(depth, cached);
        }
        return cached;
    }

    private static Arbitrary<Object> buildPlain(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                strings(64).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.integers().between(-100, 100).map(Object.class::cast),
                Arbitraries.of(BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
                        BigInteger.valueOf(Long.MIN_VALUE)).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(32).map(Object.class::cast));
        if (depth <= 0) {
            return leaf.injectNull(0.05);
        }
        Arbitrary<Object> inner = plain(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(5, leaf),
                Tuple.of(1, inner.list().ofMaxSize(4).map(Object.class::cast)),
                Tuple.of(1, dicts(inner).map(Object.class::cast))).injectNull(0.05);
    }

    /** Dicts with short string keys (some of them unknown extension keys) and the given values. */
    public static Arbitrary<Map<String, Object>> dicts(Arbitrary<Object> values) {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(10),
                Arbitraries.of("x_fuzz", "_", "", "\u00e9t\u00e9", "roles", "match", "timeout"));
        return Arbitraries.maps(keys, values).ofMaxSize(4).map(m -> (Map<String, Object>) new LinkedHashMap<>(m));
    }

    /**
     * A value of any kind, mostly of a kind the spec does not allow where it is put: null, booleans,
     * negative and huge integers (beyond 2^53, 64 bits), special doubles, strings up to
     * {@code maxString} characters, binary, nesting deeper than the serializers accept, and dicts
     * with unknown keys.
     */
    public static Arbitrary<Object> hostile(int maxString) {
        Arbitrary<Object> cached = HOSTILE.get(maxString);
        if (cached == null) {
            cached = buildHostile(maxString);
            HOSTILE.put(maxString, cached);
        }
        return cached;
    }

    private static Arbitrary<Object> buildHostile(int maxString) {
        Arbitrary<Object> edgeNumbers = Arbitraries.of(
                -1L, 0L, Long.MIN_VALUE, Long.MAX_VALUE, MAX_ID + 1, -MAX_ID, (long) Integer.MAX_VALUE + 1,
                BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(100).negate(), BigInteger.valueOf(48),
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1.5, 48.0, 1e308,
                Double.MIN_VALUE);
        return Arbitraries.frequencyOf(
                Tuple.of(3, edgeNumbers),
                Tuple.of(2, Arbitraries.longs().map(Object.class::cast)),
                Tuple.of(1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast)),
                Tuple.of(3, strings(maxString).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.of("\u0000", "\u0000AAAA", "\u0000!!", "48", "[]", "{}", "null")
                        .map(Object.class::cast)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Object.class::cast)),
                Tuple.of(2, plain(2).list().ofMaxSize(3).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.of(List.of(BigInteger.ONE.shiftLeft(64)), List.of(List.of(BigInteger.TEN.pow(30)
                        .negate())), List.of(Double.NaN, -0.0)).map(Object.class::cast)),
                Tuple.of(2, dicts(plain(1)).map(Object.class::cast)),
                Tuple.of(1, deep()))
                .injectNull(0.12);
    }

    /** Lists or dicts nested 1 to 80 levels deep. */
    public static Arbitrary<Object> deep() {
        return DEEP;
    }

    private static Object nest(int depth, boolean maps) {
        Object value = 1L;
        for (int i = 0; i < depth; i++) {
            if (maps && i % 2 == 0) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("k", value);
                value = map;
            } else {
                List<Object> list = new ArrayList<>(1);
                list.add(value);
                value = list;
            }
        }
        return value;
    }
}
