package io.bondy.core.serialization;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bondy.core.message.ProtocolViolationException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one message array from a streaming parser into plain Java values: String, Integer or Long
 * (BigInteger only beyond the long range), Double, Boolean, byte[], ArrayList, LinkedHashMap with
 * String keys, and null. No Jackson type escapes.
 *
 * <p>Nesting is capped at {@link #MAX_DEPTH} containers (the message array counts as one), so a
 * hostile frame can neither exhaust the stack nor make the router build huge trees of empty lists.
 * Duplicate map keys are rejected: peers could otherwise disagree on which value counts.
 *
 * <p>One instance reads one frame; it is not thread-safe.
 */
final class ValueReader {

    /** The deepest nesting of arrays and maps accepted, the message array included. */
    static final int MAX_DEPTH = 64;

    private static final int LONG_BITS = 63;

    private final JacksonSerializer format;
    private final JsonParser parser;
    private final byte[] frame;
    private final int frameOffset;
    /** The parser's byte offset of the root token, the origin of the offsets it reports. */
    private long rootOffset;

    ValueReader(JacksonSerializer format, JsonParser parser, byte[] frame, int frameOffset) {
        this.format = format;
        this.parser = parser;
        this.frame = frame;
        this.frameOffset = frameOffset;
    }

    /** Reads the root array and checks nothing follows it. */
    List<Object> readMessage() throws IOException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_ARRAY) {
            throw new ProtocolViolationException("a WAMP message must be an array, got " + describe(first));
        }
        rootOffset = parser.currentTokenLocation().getByteOffset();
        List<Object> wire = readArray(1);
        format.checkEnd(parser);
        return wire;
    }

    private Object readValue(JsonToken token, int depth) throws IOException {
        return switch (token) {
            case VALUE_STRING -> format.readString(parser);
            case VALUE_NUMBER_INT -> readInteger();
            case START_OBJECT -> readMap(depth + 1);
            case START_ARRAY -> readArray(depth + 1);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_FLOAT -> format.readFloat(parser);
            case VALUE_EMBEDDED_OBJECT -> readEmbedded();
            default -> throw new ProtocolViolationException("unexpected " + describe(token) + " in a "
                    + format.formatName() + " value");
        };
    }

    private List<Object> readArray(int depth) throws IOException {
        checkDepth(depth);
        List<Object> list = new ArrayList<>();
        JsonToken token;
        while ((token = next()) != JsonToken.END_ARRAY) {
            list.add(readValue(token, depth));
        }
        return list;
    }

    private Map<String, Object> readMap(int depth) throws IOException {
        checkDepth(depth);
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken token;
        while ((token = next()) != JsonToken.END_OBJECT) {
            if (token != JsonToken.FIELD_NAME) {
                throw new ProtocolViolationException("expected a map key, got " + describe(token));
            }
            format.checkKey(parser, frame, frameOffset, rootOffset);
            String key = parser.currentName();
            Utf16.requirePaired(key, format.formatName());
            Object value = readValue(next(), depth);
            int sizeBefore = map.size();
            map.put(key, value);
            if (map.size() == sizeBefore) {
                throw new ProtocolViolationException("duplicate key '" + key + "' in a dict");
            }
        }
        return map;
    }

    private Object readInteger() throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> Integer.valueOf(parser.getIntValue());
            case LONG -> boxed(parser.getLongValue());
            default -> narrow(parser.getBigIntegerValue());
        };
    }

    /**
     * The boxed type follows the value, not the wire width (CBOR parsers report a 64-bit encoded 5
     * as a long), so equal values always decode to equal Java values.
     */
    private static Object boxed(long value) {
        return value == (int) value ? Integer.valueOf((int) value) : Long.valueOf(value);
    }

    /**
     * CBOR bignums can carry small values too. An integer below -2^63 or above 2^64 - 1 is refused:
     * JSON and CBOR can carry it, MessagePack cannot, and the router must not accept from one peer
     * what it cannot deliver to another (the INVOCATION or EVENT would be dropped and the call left
     * unanswered).
     */
    private static Object narrow(BigInteger value) {
        if (value.bitLength() <= LONG_BITS) {
            return boxed(value.longValue());
        }
        if (value.signum() < 0 || value.bitLength() > LONG_BITS + 1) {
            throw new ProtocolViolationException("the integer " + value + " is beyond 64 bits, which not every"
                    + " serializer can carry");
        }
        return value;
    }

    private Object readEmbedded() throws IOException {
        Object value = parser.getEmbeddedObject();
        if (value instanceof byte[]) {
            return value;
        }
        String type = value == null ? "null" : value.getClass().getSimpleName();
        throw new ProtocolViolationException("unsupported " + format.formatName() + " value of type " + type);
    }

    private JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new ProtocolViolationException(format.formatName() + " frame ends inside the message");
        }
        return token;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new ProtocolViolationException("message is nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "a dict";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case VALUE_EMBEDDED_OBJECT -> "binary";
            default -> token.name();
        };
    }
}
