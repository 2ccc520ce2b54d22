package io.bondy.core.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.bondy.core.serialization.SerializerKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * Writes any tree of plain values (the wire form of a message, well-formed or not) with plain Jackson
 * mappers, independently of the router's own serializers, so a fuzz test can send what the router
 * would never write: wrong element types, unknown codes, values out of range.
 *
 * <p>Only what a format cannot carry is adapted: JSON binary becomes the spec's {@code "\0" + base64}
 * string, and MessagePack integers beyond 64 bits become doubles.
 */
public final class WireEncoder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();
    private static final ObjectMapper MSGPACK = new MessagePackMapper();
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private WireEncoder() {
    }

    public static byte[] encode(SerializerKind kind, Object wire) {
        try {
            return switch (kind) {
                case JSON -> JSON.writeValueAsBytes(adapt(kind, wire));
                case MSGPACK -> MSGPACK.writeValueAsBytes(adapt(kind, wire));
                case CBOR -> CBOR.writeValueAsBytes(adapt(kind, wire));
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the test encoder cannot write " + wire, e);
        }
    }

    private static Object adapt(SerializerKind kind, Object value) {
        if (value instanceof byte[] bytes && kind == SerializerKind.JSON) {
            return "\u0000" + Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof BigInteger big && kind == SerializerKind.MSGPACK
                && (big.compareTo(UINT64_MAX) > 0 || big.compareTo(INT64_MIN) < 0)) {
            return big.doubleValue();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(adapt(kind, v)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, adapt(kind, v)));
            return copy;
        }
        return value;
    }
}
