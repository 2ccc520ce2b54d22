package io.bondy.core.serialization;

import java.util.List;

/**
 * {@code wamp.2.msgpack}: MessagePack with byte arrays as native {@code bin} values and the
 * smallest integer, string, array and map encodings.
 *
 * <p>One path each way, no Jackson: {@link MsgPackReader} turns a frame into the message array's
 * plain values (checking lengths, key types, nesting and trailing bytes as it goes), and
 * {@link MsgPackWriter} writes the array straight into a byte array.
 */
final class MsgPackSerializer extends WireSerializer {

    MsgPackSerializer() {
        super(SerializerKind.MSGPACK, "MessagePack");
    }

    @Override
    List<Object> readWire(byte[] bytes, int offset, int length) {
        return MsgPackReader.readMessage(bytes, offset, length);
    }

    @Override
    byte[] encodeWire(List<?> wire) {
        return MsgPackWriter.write(wire);
    }
}
