package io.bondy.core.serialization;

import io.bondy.core.message.ProtocolViolationException;
import io.bondy.core.message.WampMessage;
import java.util.List;
import java.util.Objects;

/**
 * What every serializer shares, whatever reads and writes its bytes: a frame becomes the message
 * array of plain Java values ({@link #decodeWire}), which {@code WampMessage.fromWire} validates, and
 * a message's array becomes a frame ({@link #encodeWire}).
 */
abstract class WireSerializer implements Serializer {

    private final SerializerKind kind;
    private final String formatName;

    WireSerializer(SerializerKind kind, String formatName) {
        this.kind = kind;
        this.formatName = formatName;
    }

    @Override
    public final SerializerKind kind() {
        return kind;
    }

    @Override
    public final WampMessage decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    @Override
    public final WampMessage decode(byte[] bytes, int offset, int length) {
        return WampMessage.fromWire(decodeWire(bytes, offset, length));
    }

    @Override
    public final byte[] encode(WampMessage message) {
        return encodeWire(message.toWire());
    }

    /** Parses a frame into the message array of plain Java values, without WAMP validation. */
    final List<Object> decodeWire(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            throw new ProtocolViolationException("empty " + formatName + " frame");
        }
        return readWire(bytes, offset, length);
    }

    /**
     * {@link #decodeWire} for a non-empty frame in a checked range.
     *
     * @throws ProtocolViolationException for bytes that are not one value of this format
     */
    abstract List<Object> readWire(byte[] bytes, int offset, int length);

    /** Writes a message array (or any array of plain Java values) in this format. */
    abstract byte[] encodeWire(List<?> wire);

    final String formatName() {
        return formatName;
    }
}
