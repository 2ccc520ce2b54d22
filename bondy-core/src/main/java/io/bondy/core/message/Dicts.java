package io.bondy.core.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for WAMP dicts ({@code Map<String, Object>}). */
public final class Dicts {

    private static final Class<?> UNMODIFIABLE = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();
    /** {@code Map.of}'s classes (one entry, and more): immutable already, so not wrapped again. */
    private static final Class<?> IMMUTABLE_1 = Map.of("k", 1).getClass();
    private static final Class<?> IMMUTABLE_N = Map.of("k", 1, "l", 2).getClass();

    private Dicts() {
    }

    /**
     * A read-only view of {@code dict} (no copy: the caller hands the map over); a map that is read-only
     * already ({@code Map.of}, or such a view) comes back as it is. Null becomes empty.
     */
    public static Map<String, Object> frozen(Map<String, Object> dict) {
        if (dict == null || dict.isEmpty()) {
            return Map.of();
        }
        Class<?> type = dict.getClass();
        if (type == IMMUTABLE_1 || type == IMMUTABLE_N || UNMODIFIABLE.isInstance(dict)) {
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
