package io.bondy.core.message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Payload Passthru Mode: the {@code ppt_*} attributes a router forwards unchanged from PUBLISH to
 * EVENT, CALL to INVOCATION and YIELD or ERROR to RESULT or ERROR. The payload itself is never
 * looked into or converted; the serializers carry the bytes across sessions of any format.
 */
public final class PptOptions {

    static final String[] KEYS = {"ppt_scheme", "ppt_serializer", "ppt_cipher", "ppt_keyid"};

    private PptOptions() {
    }

    /** The ppt_* entries of {@code options}; empty (and no allocation) when there are none. */
    public static Map<String, Object> of(Map<String, Object> options) {
        if (!options.containsKey("ppt_scheme")) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>(4);
        copyInto(options, out);
        return out;
    }

    /** Whether {@code options} hold any of the ppt_* entries {@link #copyInto} copies. */
    public static boolean any(Map<String, Object> options) {
        for (String key : KEYS) {
            if (options.get(key) != null) {
                return true;
            }
        }
        return false;
    }

    /** Adds the ppt_* entries of {@code options} to {@code details}. */
    public static void copyInto(Map<String, Object> options, Map<String, Object> details) {
        for (String key : KEYS) {
            Object value = options.get(key);
            if (value != null) {
                details.put(key, value);
            }
        }
    }
}
