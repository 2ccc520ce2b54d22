package io.bondy.security.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads of admin input dicts; a wrong type is {@code bondy.error.invalid_datatype}. */
public final class Fields {

    public static final String INVALID_DATATYPE = "bondy.error.invalid_datatype";

    private Fields() {
    }

    public static String string(Map<String, Object> m, String key, String fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new SecurityError(INVALID_DATATYPE, "'" + key + "' must be a string");
        }
        return s;
    }

    public static String requiredString(Map<String, Object> m, String key) {
        String s = string(m, key, null);
        if (s == null || s.isEmpty()) {
            throw new SecurityError(SecurityError.MISSING_REQUIRED_VALUE, "'" + key + "' is required");
        }
        return s;
    }

    public static boolean bool(Map<String, Object> m, String key, boolean fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw new SecurityError(INVALID_DATATYPE, "'" + key + "' must be a boolean");
        }
        return b;
    }

    /** A list of strings; a single string counts as a list of one. */
    public static List<String> strings(Map<String, Object> m, String key) {
        return strings(m.get(key), key);
    }

    public static List<String> strings(Object v, String what) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (!(v instanceof List<?> l)) {
            throw new SecurityError(INVALID_DATATYPE, "'" + what + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw new SecurityError(INVALID_DATATYPE, "'" + what + "' must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> dict(Object v, String what) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new SecurityError(INVALID_DATATYPE, "'" + what + "' must be a dict");
        }
        return (Map<String, Object>) m;
    }

    /** Names normalized and de-duplicated, in first-seen order. */
    public static List<String> names(String kind, List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            String n = Names.checkName(kind, r);
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }
}
