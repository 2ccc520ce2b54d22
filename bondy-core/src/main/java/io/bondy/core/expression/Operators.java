package io.bondy.core.expression;

import io.bondy.core.expression.Template.Operand;
import io.bondy.core.expression.Template.Placeholder;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipe operators: their names, arities and what they do to a value. Each takes the piped value and
 * its evaluated arguments ({@link #PIPED} stands for '_') and returns a new value; values are never
 * changed in place.
 */
final class Operators {

    /** The evaluated form of '_' in an argument list. */
    static final Object PIPED = new Object();

    private record Arity(int min, int max) {
    }

    private static final Map<String, Arity> ARITIES = Map.ofEntries(
            Map.entry("integer", new Arity(0, 0)),
            Map.entry("float", new Arity(0, 0)),
            Map.entry("boolean", new Arity(0, 0)),
            Map.entry("string", new Arity(0, 0)),
            Map.entry("abs", new Arity(0, 0)),
            Map.entry("head", new Arity(0, 0)),
            Map.entry("tail", new Arity(0, 0)),
            Map.entry("last", new Arity(0, 0)),
            Map.entry("nth", new Arity(1, 1)),
            Map.entry("min", new Arity(0, 0)),
            Map.entry("max", new Arity(0, 0)),
            Map.entry("length", new Arity(0, 0)),
            Map.entry("size", new Arity(0, 0)),
            Map.entry("get", new Arity(1, 2)),
            Map.entry("put", new Arity(2, 2)),
            Map.entry("merge", new Arity(1, 2)),
            Map.entry("with", new Arity(1, 1)),
            Map.entry("without", new Arity(1, 1)),
            Map.entry("base64:encode", new Arity(0, 0)),
            Map.entry("base64:decode", new Arity(0, 0)));

    private Operators() {
    }

    /** Refuses an unknown operator, a wrong number of arguments or a misplaced '_' (at parse time). */
    static void checkArity(String name, List<Operand> args) {
        Arity arity = ARITIES.get(name);
        if (arity == null) {
            throw new ExpressionException("unknown operator '" + name + "'");
        }
        if (args.size() < arity.min() || args.size() > arity.max()) {
            String expected = arity.min() == arity.max() ? String.valueOf(arity.min())
                    : arity.min() + " or " + arity.max();
            throw new ExpressionException("operator '" + name + "' takes " + expected + " argument"
                    + (arity.max() == 1 ? "" : "s") + ", got " + args.size());
        }
        long placeholders = args.stream().filter(a -> a instanceof Placeholder).count();
        if (placeholders > 0 && !(name.equals("merge") && args.size() == 2 && placeholders == 1)) {
            throw new ExpressionException("'_' is only allowed as one of the two arguments of merge");
        }
    }

    static Object apply(String name, Object v, List<Object> args) {
        switch (name) {
            case "integer":
                return toInteger(v);
            case "float":
                return toFloat(v);
            case "boolean":
                return toBoolean(v);
            case "string":
                return Values.render(v);
            case "abs":
                return abs(v);
            case "head": {
                List<?> l = list(name, v);
                return l.isEmpty() ? null : l.get(0);
            }
            case "tail": {
                List<?> l = list(name, v);
                return l.isEmpty() ? new ArrayList<>() : new ArrayList<Object>(l.subList(1, l.size()));
            }
            case "last": {
                List<?> l = list(name, v);
                return l.isEmpty() ? null : l.get(l.size() - 1);
            }
            case "nth":
                return nth(v, args.get(0));
            case "min":
                return extreme(name, v, -1);
            case "max":
                return extreme(name, v, 1);
            case "length":
                return length(v);
            case "size":
                return size(v);
            case "get":
                return get(v, args);
            case "put": {
                Map<String, Object> m = new LinkedHashMap<>(map(name, v));
                m.put(key(name, args.get(0)), args.get(1));
                return m;
            }
            case "merge":
                return merge(v, args);
            case "with":
                return select(name, v, args.get(0), true);
            case "without":
                return select(name, v, args.get(0), false);
            case "base64:encode":
                return Base64.getEncoder().encodeToString(bytes(name, v));
            case "base64:decode":
                return base64Decode(v);
            default:
                throw new ExpressionException("unknown operator '" + name + "'");
        }
    }

    private static Object toInteger(Object v) {
        if (Values.isIntegral(v)) {
            return longOf(v);
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d) || Math.abs(d) >= 0x1p63) {
                throw new ExpressionException("integer: " + d + " is out of range");
            }
            return (long) d; // truncates toward zero, as Erlang's trunc/1
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new ExpressionException("integer: \"" + Parser.abbreviate(s) + "\" is not an integer");
            }
        }
        throw typeError("integer", "a number or a string", v);
    }

    private static Object toFloat(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            String t = s.strip();
            if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-' || t.charAt(0) == '+')
                    && t.chars().allMatch(c -> Character.isDigit(c) || "+-.eE".indexOf(c) >= 0)) {
                try {
                    double d = Double.parseDouble(t);
                    if (Double.isFinite(d)) {
                        return d;
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
            throw new ExpressionException("float: \"" + Parser.abbreviate(s) + "\" is not a number");
        }
        throw typeError("float", "a number or a string", v);
    }

    private static Object toBoolean(Object v) {
        if (v instanceof Boolean) {
            return v;
        }
        if (v instanceof String s) {
            if (s.strip().equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.strip().equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw new ExpressionException("boolean: \"" + Parser.abbreviate(s) + "\" is neither true nor false");
        }
        throw typeError("boolean", "a boolean or a string", v);
    }

    private static Object abs(Object v) {
        if (Values.isIntegral(v)) {
            long l = longOf(v);
            if (l == Long.MIN_VALUE) {
                throw new ExpressionException("abs: " + l + " is out of range");
            }
            return Math.abs(l);
        }
        if (v instanceof Number n) {
            return Math.abs(n.doubleValue());
        }
        throw typeError("abs", "a number", v);
    }

    private static Object nth(Object v, Object n) {
        List<?> l = list("nth", v);
        if (!Values.isIntegral(n)) {
            throw typeError("nth", "an integer position", n);
        }
        long i = longOf(n);
        if (i < 1 || i > l.size()) {
            throw new ExpressionException("nth: position " + i + " is outside the list of " + l.size()
                    + " elements (positions start at 1)");
        }
        return l.get((int) i - 1);
    }

    private static Object extreme(String name, Object v, int sign) {
        List<?> l = list(name, v);
        if (l.isEmpty()) {
            throw new ExpressionException(name + ": the list is empty");
        }
        Object best = null;
        for (Object e : l) {
            if (!(e instanceof Number) && !(e instanceof String)) {
                throw typeError(name, "a list of numbers or a list of strings", e);
            }
            if (best == null) {
                best = e;
            } else if (compare(name, e, best) * sign > 0) {
                best = e;
            }
        }
        return best;
    }

    private static int compare(String name, Object a, Object b) {
        if (a instanceof String sa && b instanceof String sb) {
            return sa.compareTo(sb);
        }
        if (a instanceof Number && b instanceof Number) {
            if (Values.isIntegral(a) && Values.isIntegral(b)) {
                return Long.compare(longOf(a), longOf(b));
            }
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        throw new ExpressionException(name + ": the list mixes numbers and strings");
    }

    private static Object length(Object v) {
        if (v instanceof List<?> l) {
            return (long) l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return (long) m.size();
        }
        if (v instanceof String s) {
            return (long) s.codePointCount(0, s.length());
        }
        if (v instanceof byte[] b) {
            return (long) b.length;
        }
        throw typeError("length", "a list, map, string or binary", v);
    }

    private static Object size(Object v) {
        if (v instanceof String s) {
            return (long) s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (v instanceof List<?> || v instanceof Map<?, ?> || v instanceof byte[]) {
            return length(v);
        }
        throw typeError("size", "a list, map, string or binary", v);
    }

    private static Object get(Object v, List<Object> args) {
        Map<?, ?> m = map("get", v);
        String k = key("get", args.get(0));
        if (m.containsKey(k)) {
            return m.get(k);
        }
        if (args.size() == 2) {
            return args.get(1);
        }
        throw new ExpressionException("get: no key '" + k + "' in the map (keys: " + keysOf(m) + ")");
    }

    private static Object merge(Object v, List<Object> args) {
        Object left;
        Object right;
        if (args.size() == 1) {
            left = v;
            right = args.get(0);
        } else {
            left = args.get(0) == PIPED ? v : args.get(0);
            right = args.get(1) == PIPED ? v : args.get(1);
        }
        Map<String, Object> m = new LinkedHashMap<>(map("merge", left));
        m.putAll(map("merge", right));
        return m;
    }

    private static Object select(String name, Object v, Object keysArg, boolean keep) {
        Map<String, Object> m = map(name, v);
        Set<String> keys = new LinkedHashSet<>();
        if (keysArg instanceof Collection<?> c) {
            for (Object k : c) {
                keys.add(key(name, k));
            }
        } else {
            keys.add(key(name, keysArg));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (keys.contains(e.getKey()) == keep) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static byte[] bytes(String name, Object v) {
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (v instanceof byte[] b) {
            return b;
        }
        throw typeError(name, "a string or a binary", v);
    }

    /**
     * Standard or URL-safe base64 (blanks ignored). The result is a string when the bytes are UTF-8 text
     * (as Erlang binaries usually are), else a byte[].
     */
    private static Object base64Decode(Object v) {
        String text = new String(bytes("base64:decode", v), StandardCharsets.ISO_8859_1);
        StringBuilder compact = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                compact.append(c);
            }
        }
        String b64 = compact.toString();
        byte[] decoded;
        try {
            decoded = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(b64) : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new ExpressionException("base64:decode: the value is not base64");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded)).toString();
        } catch (CharacterCodingException e) {
            return decoded;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String name, Object v) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw typeError(name, "a map", v);
    }

    private static List<?> list(String name, Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw typeError(name, "a list", v);
    }

    private static String key(String name, Object k) {
        if (k instanceof String s) {
            return s;
        }
        if (Values.isIntegral(k) || k instanceof Boolean) {
            return String.valueOf(k);
        }
        throw typeError(name, "a string key", k);
    }

    private static String keysOf(Map<?, ?> m) {
        String keys = String.join(", ", m.keySet().stream().limit(10).map(String::valueOf).toList());
        return m.size() > 10 ? keys + ", ..." : keys;
    }

    private static long longOf(Object v) {
        if (v instanceof BigInteger b) {
            if (b.bitLength() > 63) {
                throw new ExpressionException("integer " + b + " is out of range");
            }
            return b.longValue();
        }
        return ((Number) v).longValue();
    }

    static ExpressionException typeError(String op, String expected, Object got) {
        return new ExpressionException(op + ": expected " + expected + ", got " + Values.describe(got));
    }
}
