package io.bondy.transport.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * WebSocket frames written and read by hand (RFC 6455, section 5.2), for tests that must send what a
 * well-behaved client library never would: reserved bits, reserved opcodes, unmasked or fragmented
 * control frames, non-minimal lengths, invalid UTF-8.
 */
public final class WsFrames {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** How the payload length is written: the shortest form (the RFC's rule), or always 16 or 64 bits. */
    public enum Length { MINIMAL, BITS_16, BITS_64 }

    private static final byte[] MASK = {0x37, (byte) 0xFA, 0x21, 0x3D};

    private WsFrames() {
    }

    /** A final, masked frame with the shortest length form. */
    public static byte[] client(int opcode, byte[] payload) {
        return client(true, 0, opcode, payload, true, Length.MINIMAL);
    }

    /** A masked frame with the shortest length form. */
    public static byte[] client(boolean fin, int opcode, byte[] payload) {
        return client(fin, 0, opcode, payload, true, Length.MINIMAL);
    }

    /**
     * Any frame: {@code rsv} is the three reserved bits (0-7), {@code masked} whether the payload is
     * masked (a client must), {@code length} the form of the payload length.
     */
    public static byte[] client(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, Length length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0x0F));
        int maskBit = masked ? 0x80 : 0;
        Length form = length == Length.MINIMAL
                ? payload.length < 126 ? null : payload.length < 65536 ? Length.BITS_16 : Length.BITS_64
                : length;
        if (form == null) {
            out.write(maskBit | payload.length);
        } else if (form == Length.BITS_16) {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(maskBit | 127);
            long n = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (n >>> shift));
            }
        }
        if (masked) {
            out.writeBytes(MASK);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ MASK[i & 3]);
            }
        } else {
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    /** A close frame's payload: the code, then the reason in UTF-8. */
    public static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    /**
     * Reads one frame from {@code in} (server frames are unmasked, but a mask is honoured), advancing
     * it past the frame; returns null, with {@code in} untouched, if the frame is not complete yet.
     */
    public static Frame read(ByteBuffer in) {
        int start = in.position();
        if (in.remaining() < 2) {
            return null;
        }
        int b0 = in.get() & 0xFF;
        int b1 = in.get() & 0xFF;
        long length = b1 & 0x7F;
        if (length == 126) {
            if (in.remaining() < 2) {
                in.position(start);
                return null;
            }
            length = in.getShort() & 0xFFFF;
        } else if (length == 127) {
            if (in.remaining() < 8) {
                in.position(start);
                return null;
            }
            length = in.getLong();
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] mask = new byte[4];
        if (masked) {
            if (in.remaining() < 4) {
                in.position(start);
                return null;
            }
            in.get(mask);
        }
        if (length > in.remaining()) {
            in.position(start);
            return null;
        }
        byte[] payload = new byte[(int) length];
        in.get(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 0x7, b0 & 0x0F, payload);
    }

    /** A frame as received. */
    public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {

        public boolean isClose() {
            return opcode == CLOSE;
        }

        /** The status code of a close frame: 1005 (no status) for an empty one. */
        public int closeCode() {
            if (opcode != CLOSE) {
                throw new IllegalStateException("not a close frame: opcode " + opcode);
            }
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Frame[fin=" + fin + ", rsv=" + rsv + ", opcode=" + opcode + ", " + payload.length + " bytes"
                    + (opcode == CLOSE ? ", code " + closeCode() : "") + "]";
        }
    }
}
