package io.bondy.bridge.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * UTF-8 JSON of plain Java values, byte for byte what Jackson's {@code ObjectMapper.writeValueAsBytes} writes
 * with its default settings (escapes {@code \b \t \n \f \r \" \\} and other control characters as a
 * six-character {@code u00XX} escape, every UTF-16 surrogate as its {@code uXXXX} escape, NaN and infinities
 * as strings, binaries as Base64), for maps with string keys, lists, strings, numbers, booleans and null.
 * Anything else (another type, a map with a non-string key, nesting past {@value #MAX_DEPTH}) is written by
 * the ObjectMapper.
 *
 * <p>Why: a bridged event is encoded once on the publisher's thread; the ObjectMapper's per-value
 * serializer lookups and its two buffer copies were a third of that thread's time. One buffer per thread,
 * reused; the result is one copy of it.
 */
final class JsonWriter {

    static final int MAX_DEPTH = 64;
    private static final int KEEP_BUFFER = 64 * 1024; // a larger buffer is not kept for the next value
    private static final long[] POW10 = new long[19];
    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = bytes("null");
    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");
    private static final ThreadLocal<JsonWriter> LOCAL = ThreadLocal.withInitial(JsonWriter::new);

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private byte[] buf = new byte[1024];
    private char[] chars = new char[256];
    private int len;
    private boolean busy;

    private JsonWriter() {
    }

    /** The JSON of {@code value}; IllegalArgumentException if it cannot be written. */
    static byte[] encode(Object value, ObjectMapper mapper) {
        JsonWriter w = LOCAL.get();
        if (w.busy) { // a value whose own serializer encodes again on this thread: a fresh writer
            w = new JsonWriter();
        }
        w.busy = true;
        w.len = 0;
        try {
            w.value(value, 0, mapper);
            return Arrays.copyOf(w.buf, w.len);
        } finally {
            w.busy = false;
            if (w.buf.length > KEEP_BUFFER) {
                w.buf = new byte[1024];
            }
            if (w.chars.length > KEEP_BUFFER) {
                w.chars = new char[256];
            }
        }
    }

    void value(Object v, int depth, ObjectMapper mapper) {
        if (v == null) {
            raw(NULL);
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            integer(((Number) v).longValue());
        } else if (v instanceof Double d) {
            floating(d.isNaN() || d.isInfinite(), d.toString());
        } else if (v instanceof Boolean b) {
            raw(b ? TRUE : FALSE);
        } else if (depth >= MAX_DEPTH) {
            other(v, mapper);
        } else if (v instanceof Map<?, ?> m) {
            map(m, depth, mapper);
        } else if (v instanceof List<?> l) {
            ensure(1);
            buf[len++] = '[';
            if (l instanceof java.util.RandomAccess) { // the usual case (List.of, ArrayList): no iterator
                for (int i = 0, n = l.size(); i < n; i++) {
                    if (i > 0) {
                        ensure(1);
                        buf[len++] = ',';
                    }
                    value(l.get(i), depth + 1, mapper);
                }
            } else {
                boolean first = true;
                for (Object item : l) {
                    if (!first) {
                        ensure(1);
                        buf[len++] = ',';
                    }
                    first = false;
                    value(item, depth + 1, mapper);
                }
            }
            ensure(1);
            buf[len++] = ']';
        } else if (v instanceof byte[] b) {
            ensure(2);
            buf[len++] = '"';
            raw(Base64.getEncoder().encode(b));
            ensure(1);
            buf[len++] = '"';
        } else if (v instanceof Float f) {
            floating(f.isNaN() || f.isInfinite(), f.toString());
        } else if (v instanceof BigInteger || v instanceof BigDecimal) {
            ascii(v.toString());
        } else {
            other(v, mapper);
        }
    }

    /** Starts an object member: a comma unless it is the first, then {@code keyJson} ({@code "name":}). */
    void member(byte[] keyJson, boolean first) {
        if (!first) {
            ensure(1);
            buf[len++] = ',';
        }
        raw(keyJson);
    }

    private void map(Map<?, ?> m, int depth, ObjectMapper mapper) {
        if (m instanceof EventView event) {
            ensure(1);
            buf[len++] = '{';
            event.writeMembers(this, depth, mapper);
            ensure(1);
            buf[len++] = '}';
            return;
        }
        int start = len;
        ensure(1);
        buf[len++] = '{';
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("cannot encode as JSON: a map has a null key");
                }
                len = start;
                other(m, mapper); // Jackson's key serializers decide how such a key looks
                return;
            }
            if (!first) {
                ensure(1);
                buf[len++] = ',';
            }
            first = false;
            string(key);
            ensure(1);
            buf[len++] = ':';
            value(e.getValue(), depth + 1, mapper);
        }
        ensure(1);
        buf[len++] = '}';
    }

    /** A double or float: Jackson writes NaN and the infinities as strings. */
    private void floating(boolean quoted, String text) {
        if (quoted) {
            ensure(1);
            buf[len++] = '"';
        }
        ascii(text);
        if (quoted) {
            ensure(1);
            buf[len++] = '"';
        }
    }

    private void other(Object v, ObjectMapper mapper) {
        try {
            raw(mapper.writeValueAsBytes(v));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void integer(long v) {
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits;
        if (v == 0) {
            digits = 1;
        } else {
            int t = ((64 - Long.numberOfLeadingZeros(v)) * 1233) >>> 12; // about log10(v)
            digits = t + 1 - (v < POW10[t] ? 1 : 0);
        }
        int pos = len + digits;
        while (v > Integer.MAX_VALUE) { // two digits a time; divisions by a constant are multiplications
            long q = v / 100;
            int r = (int) (v - q * 100);
            buf[--pos] = DIGIT_ONES[r];
            buf[--pos] = DIGIT_TENS[r];
            v = q;
        }
        int iv = (int) v;
        while (iv >= 100) {
            int q = iv / 100;
            int r = iv - q * 100;
            buf[--pos] = DIGIT_ONES[r];
            buf[--pos] = DIGIT_TENS[r];
            iv = q;
        }
        if (iv >= 10) {
            buf[--pos] = DIGIT_ONES[iv];
            buf[--pos] = DIGIT_TENS[iv];
        } else {
            buf[--pos] = (byte) ('0' + iv);
        }
        len += digits;
    }

    /**
     * A JSON string. The characters are copied out once ({@code getChars}); the usual run of plain ASCII goes
     * straight in, one byte each, and the first character that needs more (an escape, or more than one UTF-8
     * byte) switches to the general loop.
     */
    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        char[] cs = chars;
        s.getChars(0, n, cs, 0);
        byte[] b = buf;
        int start = len + 1;
        b[len] = '"';
        int i = 0;
        for (; i < n; i++) {
            char c = cs[i];
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            b[start + i] = (byte) c;
        }
        len = start + i;
        for (; i < n; i++) {
            char c = cs[i];
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    ensure(1);
                    buf[len++] = (byte) c;
                } else {
                    escape(c);
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xc0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c); // as Jackson's UTF-8 generator: each half of a pair, and a lone half, escaped
            } else {
                ensure(3);
                buf[len++] = (byte) (0xe0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        ensure(1);
        buf[len++] = '"';
    }

    private void escape(char c) {
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm == 0) {
            unicodeEscape(c);
        } else {
            ensure(2);
            buf[len++] = '\\';
            buf[len++] = (byte) shortForm;
        }
    }

    private void unicodeEscape(char c) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xf];
        buf[len++] = HEX[(c >> 8) & 0xf];
        buf[len++] = HEX[(c >> 4) & 0xf];
        buf[len++] = HEX[c & 0xf];
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
