package io.bondy.core.serialization;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: plain values in a form where equality means "same value on the wire". */
final class PlainValues {

    private PlainValues() {
    }

    /**
     * Integral numbers become BigInteger (so Integer 5 equals Long 5), floats Double, byte arrays
     * ByteBuffers (compared by content); lists and maps are normalized recursively.
     */
    static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof Float || value instanceof Double) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(normalize(element)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, normalize(v)));
            return copy;
        }
        return value;
    }

    /** Null, an empty list and an empty map all mean "absent" for args and kwargs. */
    static boolean isAbsent(Object value) {
        return value == null
                || (value instanceof List<?> l && l.isEmpty())
                || (value instanceof Map<?, ?> m && m.isEmpty());
    }
}
