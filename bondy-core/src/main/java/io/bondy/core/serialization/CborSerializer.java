package io.bondy.core.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.bondy.core.message.ProtocolViolationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code wamp.2.cbor}: CBOR with byte arrays as native byte strings, written in the preferred
 * (canonical) form: definite-length arrays, maps and strings, and the shortest integer heads.
 * Floats are always written as 64-bit doubles, as other WAMP implementations do.
 */
final class CborSerializer extends JacksonSerializer {

    /**
     * Up to this many chars Jackson writes a text string with a definite, shortest length head; the
     * longest strings it would split into an indefinite-length chunked string.
     */
    private static final int MAX_DIRECT_STRING = 255;

    private static final int MAJOR_TYPE_SHIFT = 5;
    private static final int MAJOR_TYPE_TEXT = 3;

    CborSerializer() {
        super(SerializerKind.CBOR, "CBOR", CBORFactory.builder()
                .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
                // otherwise simple values (other than true/false/null) would read as integers
                .enable(CBORParser.Feature.READ_SIMPLE_VALUE_AS_EMBEDDED_OBJECT)
                .build());
    }

    /**
     * The CBOR parser turns integer and byte-string keys into text: look at the key's own head byte.
     * The root item starts the frame, so the key sits {@code keyOffset - rootOffset} bytes into it
     * (whether the parser counts offsets from the frame or from the start of the array).
     */
    @Override
    void checkKey(JsonParser parser, byte[] bytes, int offset, long rootOffset) {
        long keyOffset = parser.currentTokenLocation().getByteOffset();
        int head = bytes[offset + (int) (keyOffset - rootOffset)] & 0xFF;
        if (head >> MAJOR_TYPE_SHIFT != MAJOR_TYPE_TEXT) {
            throw new ProtocolViolationException("CBOR map keys must be text strings, got major type "
                    + (head >> MAJOR_TYPE_SHIFT));
        }
    }

    @Override
    void writeString(JsonGenerator generator, String value) throws IOException {
        if (value.length() <= MAX_DIRECT_STRING) {
            generator.writeString(value);
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            generator.writeUTF8String(utf8, 0, utf8.length);
        }
    }

    @Override
    void writeKey(JsonGenerator generator, String key) throws IOException {
        if (key.length() <= MAX_DIRECT_STRING) {
            generator.writeFieldName(key);
        } else {
            generator.writeFieldName(new SerializedString(key));
        }
    }
}
