package io.bondy.core.serialization;

import io.bondy.core.message.ProtocolViolationException;

/**
 * Walks the headers of a MessagePack frame, skipping payloads, before the Jackson parser sees it.
 *
 * <p>The MessagePack parser allocates a string or binary payload at its declared length before
 * reading it, so a five-byte frame declaring a 2 GiB string would cost 2 GiB of heap. This check
 * rejects any length or element count that the frame cannot hold, and, while it is at it, what the
 * parser would silently accept: map keys that are not strings (it turns them into text), extension
 * types, nesting deeper than {@link ValueReader#MAX_DEPTH}, and bytes after the root value.
 *
 * <p>It allocates nothing but two small arrays (8 levels, grown when a frame nests deeper) and does
 * no recursion.
 *
 * <p>Test code since 2026-12-06: part of {@link JacksonMsgPackReference}, the old decoder that
 * {@link MsgPackReader} (which checks all this as it reads) is compared with.
 */
final class MsgPackFrameCheck {

    private final byte[] bytes;
    private final int end;
    private int pos;

    /** Levels a WAMP message usually has at most: the arrays start this long. */
    private static final int USUAL_DEPTH = 8;

    /** Items still to read in each open container (maps count keys and values). */
    private long[] left = new long[USUAL_DEPTH];
    private boolean[] isMap = new boolean[USUAL_DEPTH];
    private int depth;
    /** Where JavaScript's undefined ({@code d4 00 00}, read as nil since 2026-12-06) starts. */
    private final java.util.List<Integer> undefined = new java.util.ArrayList<>();

    private MsgPackFrameCheck(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.pos = offset;
        this.end = offset + length;
    }

    static void check(byte[] bytes, int offset, int length) {
        new MsgPackFrameCheck(bytes, offset, length).run();
    }

    /**
     * Checks the frame and returns it with every {@code d4 00 00} value (msgpackr's undefined) replaced
     * by nil, which is how the product reads it; containers count items, not bytes, so the frame stays
     * well formed.
     */
    static byte[] checkAndMapUndefined(byte[] bytes, int offset, int length) {
        MsgPackFrameCheck check = new MsgPackFrameCheck(bytes, offset, length);
        check.run();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length);
        int from = offset;
        for (int at : check.undefined) {
            out.write(bytes, from, at - from);
            out.write(0xC0);
            from = at + 3;
        }
        out.write(bytes, from, offset + length - from);
        return out.toByteArray();
    }

    private void run() {
        do {
            boolean key = depth > 0 && isMap[depth - 1] && (left[depth - 1] & 1) == 0;
            if (!item(key)) {
                completed();
            }
        } while (depth > 0);
        if (pos != end) {
            throw violation("trailing data after the message");
        }
    }

    /** Reads one item header; returns true when it opened a non-empty container. */
    private boolean item(boolean key) {
        int head = u8();
        if (key && !isString(head)) {
            throw violation("map keys must be strings, got type byte 0x" + Integer.toHexString(head));
        }
        if (head <= 0x7F || head >= 0xE0) {
            return false; // positive / negative fixint
        }
        if (head <= 0x8F) {
            return open(head & 0x0F, true);
        }
        if (head <= 0x9F) {
            return open(head & 0x0F, false);
        }
        if (head <= 0xBF) {
            skip(head & 0x1F); // fixstr
            return false;
        }
        switch (head) {
            case 0xC0, 0xC2, 0xC3 -> { } // nil, false, true
            case 0xC4, 0xD9 -> skip(u8()); // bin 8, str 8
            case 0xC5, 0xDA -> skip(u16()); // bin 16, str 16
            case 0xC6, 0xDB -> skip(u32()); // bin 32, str 32
            case 0xCC, 0xD0 -> skip(1);
            case 0xCD, 0xD1 -> skip(2);
            case 0xCA, 0xCE, 0xD2 -> skip(4);
            case 0xCB, 0xCF, 0xD3 -> skip(8);
            case 0xDC -> {
                return open(u16(), false);
            }
            case 0xDD -> {
                return open(u32(), false);
            }
            case 0xDE -> {
                return open(u16(), true);
            }
            case 0xDF -> {
                return open(u32(), true);
            }
            case 0xC1 -> throw violation("invalid type byte 0xc1");
            case 0xD4 -> {
                if (end - pos >= 2 && bytes[pos] == 0 && bytes[pos + 1] == 0) {
                    undefined.add(pos - 1);
                    skip(2);
                } else {
                    throw violation("extension types are not supported");
                }
            }
            default -> throw violation("extension types are not supported"); // 0xC7-0xC9, 0xD5-0xD8
        }
        return false;
    }

    private boolean open(long entries, boolean map) {
        if (depth == ValueReader.MAX_DEPTH) {
            throw new ProtocolViolationException("message is nested deeper than " + ValueReader.MAX_DEPTH + " levels");
        }
        long items = map ? entries * 2 : entries;
        if (items == 0) {
            return false;
        }
        if (items > end - pos) { // every item takes at least one byte
            throw truncated();
        }
        if (depth == left.length) {
            int deeper = Math.min(ValueReader.MAX_DEPTH, depth * 2);
            left = java.util.Arrays.copyOf(left, deeper);
            isMap = java.util.Arrays.copyOf(isMap, deeper);
        }
        left[depth] = items;
        isMap[depth] = map;
        depth++;
        return true;
    }

    /** One item of the innermost container is done; closes every container this completes. */
    private void completed() {
        while (depth > 0 && --left[depth - 1] == 0) {
            depth--;
        }
    }

    private static boolean isString(int head) {
        return (head >= 0xA0 && head <= 0xBF) || (head >= 0xD9 && head <= 0xDB);
    }

    private void skip(long count) {
        if (count > end - pos) {
            throw truncated();
        }
        pos += (int) count;
    }

    private int u8() {
        if (pos >= end) {
            throw truncated();
        }
        return bytes[pos++] & 0xFF;
    }

    private int u16() {
        return (u8() << 8) | u8();
    }

    private long u32() {
        return ((long) u16() << 16) | u16();
    }

    private static ProtocolViolationException truncated() {
        return violation("frame is truncated");
    }

    private static ProtocolViolationException violation(String what) {
        return new ProtocolViolationException("malformed MessagePack frame: " + what);
    }
}
