package io.bondy.core.serialization;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.bondy.core.message.ProtocolViolationException;
import java.io.IOException;

/**
 * {@code wamp.2.json}: compact UTF-8 JSON. Binary values follow the WAMP convention at any depth
 * (see {@link JsonBinary}): written as NUL (U+0000) + Base64, and any string starting with NUL
 * is read back as a byte array.
 */
final class JsonSerializer extends JacksonSerializer {

    JsonSerializer() {
        super(SerializerKind.JSON, "JSON", JsonFactory.builder()
                // keys come from peers: keep them out of the JVM-wide intern pool
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build());
    }

    @Override
    Object readString(JsonParser parser) throws IOException {
        int length = parser.getTextLength();
        if (length > 0) {
            char[] chars = parser.getTextCharacters();
            int offset = parser.getTextOffset();
            if (chars[offset] == '\0') {
                return JsonBinary.decode(chars, offset + 1, length - 1);
            }
        }
        return super.readString(parser);
    }

    /**
     * A JSON number beyond a double's range (e.g. {@code -45e6668}) would become an infinity, which JSON
     * cannot write back (it would go out as the string "-Infinity"): a protocol violation instead.
     */
    @Override
    Object readFloat(JsonParser parser) throws IOException {
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
            String text = parser.getText();
            throw new ProtocolViolationException("a JSON number beyond the range of a 64-bit float: "
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
        return Double.valueOf(value);
    }

    @Override
    void writeBinary(JsonGenerator generator, byte[] value) throws IOException {
        byte[] content = JsonBinary.escapedString(value);
        generator.writeRawUTF8String(content, 0, content.length);
    }
}
