package io.bondy.transport.rawsocket;

/**
 * The octets of WAMP-over-RawSocket: the handshake
 * ({@code 0111 1111 LLLL SSSS RRRR RRRR RRRR RRRR}), its error replies
 * ({@code 0111 1111 EEEE 0000 0000 0000 0000 0000}) and the frame prefix
 * ({@code RRRR XTTT LLLL LLLL LLLL LLLL LLLL LLLL}, X being the 25th length bit, set only for a
 * payload of exactly 16 MiB).
 */
public final class RawSocketProtocol {

    /** The first octet of every handshake request and reply. */
    public static final int MAGIC = 0x7F;

    public static final int ERROR_SERIALIZER_UNSUPPORTED = 1;
    public static final int ERROR_MAX_LENGTH_UNACCEPTABLE = 2;
    public static final int ERROR_RESERVED_BITS = 3;
    public static final int ERROR_CONNECTION_LIMIT = 4;

    public static final int FRAME_WAMP = 0;
    public static final int FRAME_PING = 1;
    public static final int FRAME_PONG = 2;

    /** The smallest maximum message length a handshake can announce (LENGTH 0). */
    public static final int MIN_MAX_LENGTH = 1 << 9;
    /** The largest (LENGTH 15). */
    public static final int MAX_MAX_LENGTH = 1 << 24;

    private RawSocketProtocol() {
    }

    /** The maximum message length a handshake's 4-bit LENGTH field stands for. */
    public static int maxLength(int lengthField) {
        return 1 << (lengthField + 9);
    }

    /**
     * The LENGTH field that announces {@code maxLength}.
     *
     * @throws IllegalArgumentException unless it is a power of two between 512 and 16 MiB
     */
    public static int lengthField(int maxLength) {
        if (maxLength < MIN_MAX_LENGTH || maxLength > MAX_MAX_LENGTH || Integer.bitCount(maxLength) != 1) {
            throw new IllegalArgumentException("a RawSocket maximum message length must be a power of two between "
                    + MIN_MAX_LENGTH + " and " + MAX_MAX_LENGTH + " bytes, got " + maxLength);
        }
        return Integer.numberOfTrailingZeros(maxLength) - 9;
    }

    /** The 4 octets accepting a handshake. */
    public static byte[] successReply(int lengthField, int serializerId) {
        return new byte[] {(byte) MAGIC, (byte) ((lengthField << 4) | serializerId), 0, 0};
    }

    /** The 4 octets refusing a handshake with one of the {@code ERROR_*} codes. */
    public static byte[] errorReply(int errorCode) {
        return new byte[] {(byte) MAGIC, (byte) (errorCode << 4), 0, 0};
    }

    /** The 4-octet prefix of a frame of {@code type} carrying {@code length} bytes (at most 16 MiB). */
    public static byte[] frameHeader(int type, int length) {
        return new byte[] {(byte) (type | ((length >>> 24) << 3)), (byte) (length >>> 16), (byte) (length >>> 8),
                (byte) length};
    }
}
