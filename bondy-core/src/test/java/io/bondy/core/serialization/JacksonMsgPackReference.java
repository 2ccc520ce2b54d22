package io.bondy.core.serialization;

import com.fasterxml.jackson.core.JsonParser;
import java.util.List;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * Test oracle: MessagePack as Bondy read and wrote it before {@link MsgPackReader}, through an
 * independent implementation (MessagePack-Java's Jackson parser and generator, a test-scope
 * dependency). Decoding is what {@code MsgPackSerializer} did until 2026-12-06: {@link MsgPackFrameCheck}
 * over the raw frame, then the Jackson parser walked by {@link ValueReader}. Encoding is the Jackson
 * generator driven by {@link ValueWriter}, which {@link MsgPackWriter} replaced byte for byte.
 */
final class JacksonMsgPackReference extends JacksonSerializer {

    static final JacksonMsgPackReference INSTANCE = new JacksonMsgPackReference();

    private JacksonMsgPackReference() {
        super(SerializerKind.MSGPACK, "MessagePack", new MessagePackFactory());
    }

    /** The frame check first: it validates what the Jackson MessagePack parser does not. */
    @Override
    List<Object> readWire(byte[] bytes, int offset, int length) {
        byte[] mapped = MsgPackFrameCheck.checkAndMapUndefined(bytes, offset, length);
        return super.readWire(mapped, 0, mapped.length);
    }

    /**
     * {@link MsgPackFrameCheck} already proved the root value ends the frame; the MessagePack parser
     * would report the end of input as an error rather than as the end of the stream.
     */
    @Override
    void checkEnd(JsonParser parser) {
    }
}
