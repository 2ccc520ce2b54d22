package io.bondy.core.serialization;

import io.bondy.core.message.ProtocolViolationException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one MessagePack frame straight into the plain Java values {@code WampMessage.fromWire}
 * expects: String ({@code str}), Integer or Long, BigInteger (only a uint 64 beyond the long range),
 * Double ({@code float 64}, and {@code float 32} widened), Boolean, byte[] ({@code bin}), ArrayList,
 * LinkedHashMap with String keys, and null.
 *
 * <p>Integers are Integer when the value fits an int and Long otherwise, whatever the wire width,
 * with one exception kept from the Jackson parser this reader replaced: a {@code uint 64} is always
 * a Long (or a BigInteger), even when it holds a small value. ({@code ValueReader.boxed} meant to
 * narrow it, but its conditional expression promotes the Integer to a Long.)
 *
 * <p>What it refuses, with the messages the serializers have always used:
 * <ul>
 *   <li>any length or element count the rest of the frame cannot hold (checked at the header, so a
 *       five-byte frame declaring a 2 GiB string costs nothing), and a frame ending early;
 *   <li>map keys that are not {@code str}, extension types and the never-used byte 0xc1;
 *   <li>nesting deeper than {@link ValueReader#MAX_DEPTH} containers (the message array counts);
 *   <li>bytes after the root value;
 *   <li>a root value that is not an array, and duplicate keys in a map.
 * </ul>
 * The last two are reported only once the whole frame has proved well-formed, so a frame with several
 * faults always names the same one: a structural fault (the first in byte order) before a root that
 * is not an array, before the first duplicate key.
 *
 * <p>Strings are decoded as UTF-8, malformed sequences replaced by U+FFFD (as {@code new String}
 * does). Recursion is bounded by the nesting cap. One instance reads one frame; not thread-safe.
 */
final class MsgPackReader {

    private final byte[] bytes;
    private final int end;
    private int pos;
    /** The first duplicate key met, reported once the frame proved well-formed. */
    private String duplicateKey;

    private MsgPackReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.pos = offset;
        this.end = offset + length;
    }

    /**
     * Reads the message array in {@code bytes[offset, offset + length)}; the caller has checked the
     * range.
     */
    static List<Object> readMessage(byte[] bytes, int offset, int length) {
        MsgPackReader reader = new MsgPackReader(bytes, offset, length);
        int rootHead = reader.u8();
        Object root = reader.value(rootHead, 0);
        if (reader.pos != reader.end) {
            throw violation("trailing data after the message");
        }
        if (!(root instanceof List<?>)) {
            throw new ProtocolViolationException("a WAMP message must be an array, got " + describe(rootHead));
        }
        if (reader.duplicateKey != null) {
            throw new ProtocolViolationException("duplicate key '" + reader.duplicateKey + "' in a dict");
        }
        @SuppressWarnings("unchecked")
        List<Object> wire = (List<Object>) root;
        return wire;
    }

    /**
     * The value whose header byte {@code head} was just read, inside {@code depth} open containers.
     */
    private Object value(int head, int depth) {
        if (head <= 0x7F) {
            return Integer.valueOf(head); // positive fixint
        }
        if (head >= 0xE0) {
            return Integer.valueOf((byte) head); // negative fixint
        }
        if (head <= 0x8F) {
            return map(head & 0x0F, depth + 1);
        }
        if (head <= 0x9F) {
            return array(head & 0x0F, depth + 1);
        }
        if (head <= 0xBF) {
            return string(head & 0x1F);
        }
        return switch (head) {
            case 0xC0 -> null;
            case 0xC2 -> Boolean.FALSE;
            case 0xC3 -> Boolean.TRUE;
            case 0xC4 -> binary(u8());
            case 0xC5 -> binary(u16());
            case 0xC6 -> binary(u32());
            case 0xCA -> Double.valueOf((double) Float.intBitsToFloat(i32()));
            case 0xCB -> Double.valueOf(Double.longBitsToDouble(i64()));
            case 0xCC -> Integer.valueOf(u8());
            case 0xCD -> Integer.valueOf(u16());
            case 0xCE -> boxed(u32());
            case 0xCF -> unsigned64(i64());
            case 0xD0 -> Integer.valueOf((byte) u8());
            case 0xD1 -> Integer.valueOf((short) u16());
            case 0xD2 -> Integer.valueOf(i32());
            case 0xD3 -> boxed(i64());
            case 0xD9 -> string(u8());
            case 0xDA -> string(u16());
            case 0xDB -> string(u32());
            case 0xDC -> array(u16(), depth + 1);
            case 0xDD -> array(u32(), depth + 1);
            case 0xDE -> map(u16(), depth + 1);
            case 0xDF -> map(u32(), depth + 1);
            case 0xC1 -> throw violation("invalid type byte 0xc1");
            case 0xD4 -> undefinedOrViolation();
            default -> throw violation("extension types are not supported"); // 0xC7-0xC9, 0xD5-0xD8
        };
    }

    /**
     * JavaScript's {@code undefined} as msgpackr (wampy's serializer) writes it: fixext 1 of type 0 with
     * data 0 ({@code d4 00 00}). It reads as null, so an option sent as undefined is absent; any other
     * fixext 1 is an extension type, refused.
     */
    private Object undefinedOrViolation() {
        if (end - pos >= 2 && bytes[pos] == 0 && bytes[pos + 1] == 0) {
            pos += 2;
            return null;
        }
        throw violation("extension types are not supported");
    }

    private List<Object> array(long size, int depth) {
        checkDepth(depth);
        if (size > end - pos) { // every element takes at least one byte
            throw truncated();
        }
        int n = (int) size;
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(value(u8(), depth));
        }
        return list;
    }

    private Map<String, Object> map(long entries, int depth) {
        checkDepth(depth);
        if (entries * 2 > end - pos) { // every key and every value takes at least one byte
            throw truncated();
        }
        int n = (int) entries;
        Map<String, Object> map = new LinkedHashMap<>(capacityFor(n));
        for (int i = 0; i < n; i++) {
            String key = key(u8());
            Object value = value(u8(), depth);
            int sizeBefore = map.size();
            map.put(key, value);
            if (map.size() == sizeBefore && duplicateKey == null) {
                duplicateKey = key;
            }
        }
        return map;
    }

    private String key(int head) {
        if (head >= 0xA0 && head <= 0xBF) {
            return string(head & 0x1F);
        }
        return switch (head) {
            case 0xD9 -> string(u8());
            case 0xDA -> string(u16());
            case 0xDB -> string(u32());
            default -> throw violation("map keys must be strings, got type byte 0x" + Integer.toHexString(head));
        };
    }

    private String string(long size) {
        int start = take(size);
        return new String(bytes, start, (int) size, StandardCharsets.UTF_8);
    }

    private byte[] binary(long size) {
        int start = take(size);
        return Arrays.copyOfRange(bytes, start, start + (int) size);
    }

    /** Consumes {@code size} payload bytes; returns where they start. */
    private int take(long size) {
        if (size > end - pos) {
            throw truncated();
        }
        int start = pos;
        pos += (int) size;
        return start;
    }

    private static void checkDepth(int depth) {
        if (depth > ValueReader.MAX_DEPTH) {
            throw new ProtocolViolationException("message is nested deeper than " + ValueReader.MAX_DEPTH + " levels");
        }
    }

    /** Integer when the value fits, else Long. */
    private static Object boxed(long value) {
        if (value == (int) value) {
            return Integer.valueOf((int) value);
        }
        return Long.valueOf(value);
    }

    /**
     * A uint 64 is a Long whatever its value (as the Jackson path read it: see the class comment), and
     * beyond {@link Long#MAX_VALUE} (negative as a long) a BigInteger.
     */
    private static Object unsigned64(long bits) {
        if (bits >= 0) {
            return Long.valueOf(bits);
        }
        return BigInteger.valueOf(bits & Long.MAX_VALUE).setBit(Long.SIZE - 1);
    }

    /** The initial capacity at which a LinkedHashMap holds {@code n} entries without rehashing. */
    private static int capacityFor(int n) {
        return n < 3 ? n + 1 : (int) ((n + 2L) * 4 / 3);
    }

    // ---- the frame ----

    private int u8() {
        if (pos >= end) {
            throw truncated();
        }
        return bytes[pos++] & 0xFF;
    }

    private int u16() {
        if (end - pos < 2) {
            throw truncated();
        }
        int v = (bytes[pos] & 0xFF) << 8 | bytes[pos + 1] & 0xFF;
        pos += 2;
        return v;
    }

    private int i32() {
        if (end - pos < 4) {
            throw truncated();
        }
        int v = (bytes[pos] & 0xFF) << 24 | (bytes[pos + 1] & 0xFF) << 16 | (bytes[pos + 2] & 0xFF) << 8
                | bytes[pos + 3] & 0xFF;
        pos += 4;
        return v;
    }

    private long u32() {
        return i32() & 0xFFFF_FFFFL;
    }

    private long i64() {
        if (end - pos < 8) {
            throw truncated();
        }
        long high = i32();
        return high << 32 | i32() & 0xFFFF_FFFFL;
    }

    private static String describe(int head) {
        if (head >= 0x80 && head <= 0x8F || head == 0xDE || head == 0xDF) {
            return "a dict";
        }
        if (head >= 0xA0 && head <= 0xBF || head >= 0xD9 && head <= 0xDB) {
            return "a string";
        }
        return switch (head) {
            case 0xC0 -> "null";
            case 0xC2, 0xC3 -> "a boolean";
            case 0xC4, 0xC5, 0xC6 -> "binary";
            default -> "a number";
        };
    }

    private static ProtocolViolationException truncated() {
        return violation("frame is truncated");
    }

    private static ProtocolViolationException violation(String what) {
        return new ProtocolViolationException("malformed MessagePack frame: " + what);
    }
}
