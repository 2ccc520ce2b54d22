package io.bondy.core.serialization;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.bondy.core.message.ProtocolViolationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON and CBOR serializers: a streaming {@link JsonParser}/{@link JsonGenerator} over a
 * format-specific Jackson factory, walked by the shared {@link ValueReader} and {@link ValueWriter},
 * with every parsing failure turned into a {@link ProtocolViolationException}.
 *
 * <p>Subclasses only supply the factory and override the few hooks below where their format
 * differs (binary values in JSON, key types in CBOR).
 */
abstract class JacksonSerializer extends WireSerializer {

    /** Most WAMP messages are small: start the output buffer small too. */
    private static final int INITIAL_OUTPUT_SIZE = 256;

    private final JsonFactory factory;

    JacksonSerializer(SerializerKind kind, String formatName, JsonFactory factory) {
        super(kind, formatName);
        this.factory = factory;
    }

    @Override
    List<Object> readWire(byte[] bytes, int offset, int length) {
        try (JsonParser parser = factory.createParser(bytes, offset, length)) {
            return new ValueReader(this, parser, bytes, offset).readMessage();
        } catch (ProtocolViolationException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw malformed(e.getOriginalMessage(), e);
        } catch (IOException | RuntimeException e) {
            // The binary parsers also signal bad input with unchecked exceptions of their own.
            throw malformed(e.toString(), e);
        }
    }

    /** Writes through the format's Jackson generator and {@link ValueWriter}. */
    @Override
    final byte[] encodeWire(List<?> wire) {
        ByteArrayBuilder out = new ByteArrayBuilder(INITIAL_OUTPUT_SIZE);
        try {
            try (JsonGenerator generator = factory.createGenerator(out)) {
                new ValueWriter(this, generator).writeMessage(wire);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + formatName(), e);
        } finally {
            out.release();
        }
    }

    private ProtocolViolationException malformed(String what, Throwable cause) {
        return new ProtocolViolationException("malformed " + formatName() + " frame: " + what, cause);
    }

    // ---- format hooks; the defaults suit a format whose parser reports everything itself ----

    /**
     * Checks the map key the parser is positioned on (a {@code FIELD_NAME} token) in the frame that
     * starts at {@code bytes[offset]}; {@code rootOffset} is the byte offset the parser reported for
     * the root token.
     */
    void checkKey(JsonParser parser, byte[] bytes, int offset, long rootOffset) {
    }

    /** Reads the {@code VALUE_STRING} the parser is positioned on. */
    Object readString(JsonParser parser) throws IOException {
        String text = parser.getText();
        Utf16.requirePaired(text, formatName());
        return text;
    }

    /** Reads the {@code VALUE_NUMBER_FLOAT} the parser is positioned on. */
    Object readFloat(JsonParser parser) throws IOException {
        return Double.valueOf(parser.getDoubleValue());
    }

    /** Requires that nothing follows the message array. */
    void checkEnd(JsonParser parser) throws IOException {
        JsonToken next;
        try {
            next = parser.nextToken();
        } catch (JsonProcessingException e) {
            throw trailing(e);
        }
        if (next != null) {
            throw trailing(null);
        }
    }

    void writeString(JsonGenerator generator, String value) throws IOException {
        generator.writeString(value);
    }

    void writeKey(JsonGenerator generator, String key) throws IOException {
        generator.writeFieldName(key);
    }

    void writeBinary(JsonGenerator generator, byte[] value) throws IOException {
        generator.writeBinary(value);
    }

    private ProtocolViolationException trailing(Throwable cause) {
        return new ProtocolViolationException(formatName() + " frame has trailing data after the message", cause);
    }
}
