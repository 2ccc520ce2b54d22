package io.bondy.core.message;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Reads the elements of one message array, turning every mismatch into a protocol violation. */
final class WireReader {

    /** The spec's upper bound for IDs: 2^53. */
    static final long MAX_ID = 1L << 53;

    private final MessageType type;
    private final List<?> wire;

    WireReader(MessageType type, List<?> wire) {
        this.type = type;
        this.wire = wire;
    }

    MessageType type() {
        return type;
    }

    int size() {
        return wire.size();
    }

    void arity(int min, int max) {
        if (wire.size() < min || wire.size() > max) {
            String expected = min == max ? String.valueOf(min) : min + ".." + max;
            throw violation("has " + wire.size() + " elements, expected " + expected);
        }
    }

    long id(int index, String name) {
        long value = integer(index, name);
        if (value < 0 || value > MAX_ID) {
            throw violation(name + " " + value + " is outside the ID range [0, 2^53]");
        }
        return value;
    }

    long integer(int index, String name) {
        Object v = wire.get(index);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (isIntegralFloat(v)) {
            return ((Number) v).longValue(); // a JavaScript CBOR encoder writes integers above 2^32 as floats
        }
        throw violation(name + " must be an integer, got " + describe(v));
    }

    /**
     * A float or double with an exact integer value within the ID range [-2^53, 2^53]: JavaScript
     * encoders (cbor-x) write large integers that way; the spec's integers fit in 2^53.
     */
    static boolean isIntegralFloat(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && Math.abs(d) <= MAX_ID;
        }
        return false;
    }

    /**
     * Reads the Options or Details dict of a message a peer sends. An entry whose value is null (or
     * JavaScript's undefined, which the serializers read as null) is absent, as if not sent: clients
     * write {@code {match: undefined}} for "no option". Other dicts keep their nulls.
     */
    Map<String, Object> options(int index, String name) {
        Map<String, Object> dict = dict(index, name);
        if (!hasNullValue(dict)) {
            return dict;
        }
        Map<String, Object> present = new java.util.LinkedHashMap<>();
        dict.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        return Dicts.frozen(present);
    }

    /** Map.containsValue(null) throws for the JDK's immutable maps, so look for yourself. */
    private static boolean hasNullValue(Map<String, Object> dict) {
        for (Object v : dict.values()) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }

    String string(int index, String name) {
        Object v = wire.get(index);
        if (v instanceof String s) {
            return s;
        }
        throw violation(name + " must be a string, got " + describe(v));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> dict(int index, String name) {
        Object v = wire.get(index);
        if (v instanceof Map<?, ?> m) {
            for (Object key : m.keySet()) {
                if (!(key instanceof String)) {
                    throw violation(name + " has a non-string key " + describe(key));
                }
            }
            return Dicts.frozen((Map<String, Object>) m);
        }
        throw violation(name + " must be a dict, got " + describe(v));
    }

    /** Reads {@code Arguments|list, ArgumentsKw|dict} or a transparent payload starting at {@code index}. */
    @SuppressWarnings("unchecked")
    Payload payload(int index) {
        if (wire.size() <= index) {
            return Payload.NONE;
        }
        Object first = wire.get(index);
        if (first instanceof byte[] bytes) {
            if (wire.size() > index + 1) {
                throw violation("a transparent payload must be the last element");
            }
            return new Payload.Transparent(bytes);
        }
        if (first instanceof String s) {
            // Some peers send the transparent payload as a text string (e.g. hex) in JSON.
            if (wire.size() > index + 1) {
                throw violation("a transparent payload must be the last element");
            }
            return new Payload.Transparent(s.getBytes(StandardCharsets.UTF_8));
        }
        if (!(first instanceof List<?> args)) {
            throw violation("Arguments must be a list, got " + describe(first));
        }
        Map<String, Object> kwargs = null;
        if (wire.size() > index + 1) {
            Object second = wire.get(index + 1);
            if (second == null) {
                kwargs = null;
            } else if (second instanceof Map<?, ?>) {
                kwargs = dict(index + 1, "ArgumentsKw");
            } else {
                throw violation("ArgumentsKw must be a dict, got " + describe(second));
            }
        }
        return new Payload.Arguments((List<Object>) args, kwargs);
    }

    ProtocolViolationException violation(String what) {
        return new ProtocolViolationException(type + " " + what);
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Number) {
            return "number " + v;
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof byte[]) {
            return "binary";
        }
        return v.getClass().getSimpleName();
    }
}
