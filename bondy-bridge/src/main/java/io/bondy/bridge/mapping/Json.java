package io.bondy.bridge.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * The bridge's JSON: plain Java values (maps, lists, strings, numbers, booleans, null; byte[] as base64).
 *
 * <p>{@link #encode} writes those types itself ({@link JsonWriter}: the bytes
 * {@code ObjectMapper.writeValueAsBytes} gives, at a fraction of its cost: it runs once per bridged event, on
 * the publisher's thread); any other type goes to the {@code ObjectMapper}.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static byte[] encode(Object value) {
        return JsonWriter.encode(value, MAPPER);
    }

    public static Object decode(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeObject(byte[] bytes) {
        Object value = decode(bytes);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (Map<String, Object>) value;
    }
}
