package io.bondy.core.serialization;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a message array of plain Java values as MessagePack, straight into one growing byte array:
 * the same bytes the Jackson MessagePack generator wrote before it (shortest integer, string, binary,
 * array and map forms; doubles as float 64), without the node tree that generator built per message
 * ({@code MsgPackWriterTest} still compares the two). Value types and the nesting cap are those of
 * {@link ValueWriter}. {@link MsgPackReader} reads what it writes.
 *
 * <p>Threading: one instance per message; not shared.
 */
final class MsgPackWriter {

    /** A CALL, an INVOCATION or an EVENT with a few arguments fits. */
    private static final int INITIAL_SIZE = 128;

    private byte[] buf = new byte[INITIAL_SIZE];
    private int len;

    private MsgPackWriter() {
    }

    static byte[] write(List<?> wire) {
        MsgPackWriter w = new MsgPackWriter();
        w.list(wire, 1);
        return Arrays.copyOf(w.buf, w.len);
    }

    private void value(Object value, int depth) {
        if (value == null) {
            put(0xc0);
        } else if (value instanceof String s) {
            string(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            integer(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            map(map, depth + 1);
        } else if (value instanceof List<?> list) {
            list(list, depth + 1);
        } else if (value instanceof Boolean b) {
            put(b ? 0xc3 : 0xc2);
        } else if (value instanceof Double || value instanceof Float) {
            put(0xcb);
            put64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
        } else if (value instanceof byte[] bytes) {
            binary(bytes);
        } else if (value instanceof BigInteger big) {
            bigInteger(big);
        } else {
            throw new IllegalArgumentException("cannot write a value of type " + value.getClass().getName()
                    + " as MessagePack");
        }
    }

    private void list(List<?> list, int depth) {
        checkDepth(depth);
        header(list.size(), 0x90, 0xdc, 0xdd);
        for (Object element : list) {
            value(element, depth);
        }
    }

    private void map(Map<?, ?> map, int depth) {
        checkDepth(depth);
        header(map.size(), 0x80, 0xde, 0xdf);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("dict keys must be strings, got " + entry.getKey());
            }
            string(key);
            value(entry.getValue(), depth);
        }
    }

    /** An array or map header: fix form below 16 items, then 16- and 32-bit counts. */
    private void header(int size, int fix, int sixteen, int thirtyTwo) {
        if (size < 16) {
            put(fix | size);
        } else if (size < 0x10000) {
            put(sixteen);
            put16(size);
        } else {
            put(thirtyTwo);
            put32(size);
        }
    }

    private void integer(long v) {
        if (v >= 0) {
            if (v < 0x80) {
                put((int) v);
            } else if (v < 0x100) {
                put(0xcc);
                put((int) v);
            } else if (v < 0x10000) {
                put(0xcd);
                put16((int) v);
            } else if (v < 0x1_0000_0000L) {
                put(0xce);
                put32((int) v);
            } else {
                put(0xcf);
                put64(v);
            }
        } else if (v >= -32) {
            put((int) v & 0xff); // negative fixint
        } else if (v >= Byte.MIN_VALUE) {
            put(0xd0);
            put((int) v & 0xff);
        } else if (v >= Short.MIN_VALUE) {
            put(0xd1);
            put16((int) v);
        } else if (v >= Integer.MIN_VALUE) {
            put(0xd2);
            put32((int) v);
        } else {
            put(0xd3);
            put64(v);
        }
    }

    private void bigInteger(BigInteger big) {
        if (big.bitLength() <= 63) {
            integer(big.longValue());
        } else if (big.signum() > 0 && big.bitLength() <= 64) {
            put(0xcf);
            put64(big.longValue()); // the low 64 bits: an unsigned 64-bit integer
        } else {
            throw new IllegalArgumentException("cannot write the integer " + big + " as MessagePack: beyond 64 bits");
        }
    }

    private void string(String s) {
        int n = s.length();
        // ASCII, the usual case (URIs, keys): one pass, no intermediate array
        if (n < 32 && isAscii(s, n)) {
            ensure(1 + n);
            buf[len++] = (byte) (0xa0 | n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int size = utf8.length;
        if (size < 32) {
            put(0xa0 | size);
        } else if (size < 0x100) {
            put(0xd9);
            put(size);
        } else if (size < 0x10000) {
            put(0xda);
            put16(size);
        } else {
            put(0xdb);
            put32(size);
        }
        putBytes(utf8);
    }

    private static boolean isAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void binary(byte[] bytes) {
        int size = bytes.length;
        if (size < 0x100) {
            put(0xc4);
            put(size);
        } else if (size < 0x10000) {
            put(0xc5);
            put16(size);
        } else {
            put(0xc6);
            put32(size);
        }
        putBytes(bytes);
    }

    private static void checkDepth(int depth) {
        if (depth > ValueReader.MAX_DEPTH) {
            throw new IllegalArgumentException("message is nested deeper than " + ValueReader.MAX_DEPTH + " levels");
        }
    }

    // ---- the buffer ----

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    private void put16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void put32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void put64(long v) {
        put32((int) (v >>> 32));
        put32((int) v);
    }

    private void putBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }
}
