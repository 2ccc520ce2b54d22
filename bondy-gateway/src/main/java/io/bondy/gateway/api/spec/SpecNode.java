package io.bondy.gateway.api.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A value of a specification document and its JSON path, with typed accessors that refuse a wrong
 * type with an {@link ApiSpecException} naming the path.
 */
record SpecNode(Object value, String path) {

    SpecNode child(String key, Object child) {
        return new SpecNode(child, path.isEmpty() ? key : path + "." + key);
    }

    SpecNode withPath(String newPath) {
        return new SpecNode(value, newPath);
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ApiSpecException error(String reason) {
        return new ApiSpecException(path, reason);
    }

    ApiSpecException error(String key, String reason) {
        return new ApiSpecException(pathOf(key), reason);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw error("expected an object, got " + describe(value));
    }

    SpecNode get(String key) {
        return child(key, map().get(key));
    }

    boolean has(String key) {
        return map().containsKey(key);
    }

    /** Refuses keys outside {@code known} (a typo would otherwise be ignored silently). */
    void onlyKeys(Set<String> known) {
        for (String key : map().keySet()) {
            if (!known.contains(key)) {
                throw error(key, "unknown key (expected one of " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    String requiredString() {
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw error(value == null ? "required" : "expected a non-empty string, got " + describe(value));
    }

    String optionalString() {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw error("expected a string, got " + describe(value));
    }

    boolean bool(boolean absent) {
        if (value == null) {
            return absent;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw error("expected true or false, got " + describe(value));
    }

    @SuppressWarnings("unchecked")
    List<String> stringList() {
        if (value instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
            return (List<String>) l;
        }
        throw error("expected a list of strings, got " + describe(value));
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v.toString();
    }
}
