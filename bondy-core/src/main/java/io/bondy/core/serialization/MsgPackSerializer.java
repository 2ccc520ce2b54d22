package io.bondy.core.serialization;

import com.fasterxml.jackson.core.JsonParser;
import java.util.List;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * {@code wamp.2.msgpack}: MessagePack with byte arrays as native {@code bin} values and the
 * smallest integer and string encodings (what msgpack-core writes).
 *
 * <p>Writing is {@link MsgPackWriter}'s, reading Jackson's. Every frame goes through
 * {@link MsgPackFrameCheck} first: it validates what the Jackson MessagePack parser does not
 * (declared lengths, key types, trailing bytes).
 */
final class MsgPackSerializer extends JacksonSerializer {

    MsgPackSerializer() {
        super(SerializerKind.MSGPACK, "MessagePack", new MessagePackFactory());
    }

    /**
     * {@link MsgPackWriter}: the bytes the Jackson generator would write, without the per-message
     * node tree and buffers it builds.
     */
    @Override
    byte[] encodeWire(List<?> wire) {
        return MsgPackWriter.write(wire);
    }

    @Override
    List<Object> readWire(byte[] bytes, int offset, int length) {
        MsgPackFrameCheck.check(bytes, offset, length);
        return super.readWire(bytes, offset, length);
    }

    /**
     * {@link MsgPackFrameCheck} already proved the root value ends the frame; the MessagePack parser
     * would report the end of input as an error rather than as the end of the stream.
     */
    @Override
    void checkEnd(JsonParser parser) {
    }
}
