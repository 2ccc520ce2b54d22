package io.bondy.core.serialization;

import io.bondy.core.message.ProtocolViolationException;
import io.bondy.core.message.WampMessage;

/**
 * Turns one transport frame's bytes into a message and back. Both WebSocket and RawSocket hand the
 * same serializer the bytes of a frame. Implementations are stateless and thread-safe.
 */
public interface Serializer {

    SerializerKind kind();

    /**
     * @throws ProtocolViolationException for bytes that are not a well-formed message of this
     *     serialization, or not a valid WAMP message; never returns null
     */
    WampMessage decode(byte[] bytes);

    /** Decodes {@code length} bytes of {@code bytes} starting at {@code offset}. */
    default WampMessage decode(byte[] bytes, int offset, int length) {
        if (offset == 0 && length == bytes.length) {
            return decode(bytes);
        }
        return decode(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }

    byte[] encode(WampMessage message);
}
