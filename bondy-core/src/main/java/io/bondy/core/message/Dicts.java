package io.bondy.core.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for WAMP dicts ({@code Map<String, Object>}). */
public final class Dicts {

    private static final Class<?> UNMODIFIABLE = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    private Dicts() {
    }

    /** A read-only view of {@code dict} (no copy: the caller hands the map over). Null becomes empty. */
    public static Map<String, Object> frozen(Map<String, Object> dict) {
        if (dict == null || dict.isEmpty()) {
            return Map.of();
        }
        if (UNMODIFIABLE.isInstance(dict)) {
            return dict;
        }
        return Collections.unmodifiableMap(dict);
    }

    /** A copy of {@code dict} with {@code key} set to {@code value}. */
    public static Map<String, Object> with(Map<String, Object> dict, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(dict);
        copy.put(key, value);
        return Collections.unmodifiableMap(copy);
    }

    public static boolean bool(Map<String, Object> dict, String key, boolean fallback) {
        return dict.get(key) instanceof Boolean b ? b : fallback;
    }

    public static String string(Map<String, Object> dict, String key) {
        return dict.get(key) instanceof String s ? s : null;
    }
}
