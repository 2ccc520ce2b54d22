package io.bondy.core.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes a message array of plain Java values to a streaming generator. Arrays and maps are started
 * with their size, so CBOR gets definite lengths; integral numbers (Integer, Long, Short, Byte and
 * BigInteger within the long range) are written as integers, which every format encodes minimally.
 *
 * <p>Nesting is capped like {@link ValueReader} does, so that the router never sends what it would
 * refuse (and a cyclic structure fails cleanly instead of overflowing the stack).
 */
final class ValueWriter {

    private static final int LONG_BITS = 63;

    private final JacksonSerializer format;
    private final JsonGenerator generator;

    ValueWriter(JacksonSerializer format, JsonGenerator generator) {
        this.format = format;
        this.generator = generator;
    }

    void writeMessage(List<?> wire) throws IOException {
        writeList(wire, 1);
    }

    private void write(Object value, int depth) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String s) {
            format.writeString(generator, s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map, depth + 1);
        } else if (value instanceof List<?> list) {
            writeList(list, depth + 1);
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Double || value instanceof Float) {
            generator.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof byte[] bytes) {
            format.writeBinary(generator, bytes);
        } else if (value instanceof BigInteger big) {
            writeBigInteger(big);
        } else {
            throw new IllegalArgumentException("cannot write a value of type " + value.getClass().getName()
                    + " as " + format.formatName());
        }
    }

    private void writeList(List<?> list, int depth) throws IOException {
        checkDepth(depth);
        generator.writeStartArray(list, list.size());
        for (Object element : list) {
            write(element, depth);
        }
        generator.writeEndArray();
    }

    private void writeMap(Map<?, ?> map, int depth) throws IOException {
        checkDepth(depth);
        generator.writeStartObject(map, map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("dict keys must be strings, got " + entry.getKey());
            }
            format.writeKey(generator, key);
            write(entry.getValue(), depth);
        }
        generator.writeEndObject();
    }

    private void writeBigInteger(BigInteger value) throws IOException {
        if (value.bitLength() <= LONG_BITS) {
            generator.writeNumber(value.longValue());
        } else {
            generator.writeNumber(value);
        }
    }

    private static void checkDepth(int depth) {
        if (depth > ValueReader.MAX_DEPTH) {
            throw new IllegalArgumentException("message is nested deeper than " + ValueReader.MAX_DEPTH + " levels");
        }
    }
}
