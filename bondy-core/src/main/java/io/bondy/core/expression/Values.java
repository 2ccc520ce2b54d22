package io.bondy.core.expression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** How values are named in error messages and rendered into template text. */
final class Values {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Values() {
    }

    static boolean isIntegral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger;
    }

    /**
     * The text of a value in a template and for the {@code string} operator: strings as they are, numbers
     * and booleans in their usual form, null as "null", a binary as UTF-8 text, maps and lists as JSON.
     */
    static String render(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                throw new ExpressionException("cannot render the value as JSON: " + e.getOriginalMessage());
            }
        }
        return String.valueOf(v);
    }

    /** "a string (\"abc\")", "a map", ... for error messages; never the whole of a large value. */
    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "the string \"" + Parser.abbreviate(s) + "\"";
        }
        if (v instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (v instanceof Number n) {
            return "the number " + n;
        }
        if (v instanceof Map<?, ?> m) {
            return "a map of " + m.size() + " entries";
        }
        if (v instanceof List<?> l) {
            return "a list of " + l.size() + " elements";
        }
        if (v instanceof byte[] b) {
            return "a binary of " + b.length + " bytes";
        }
        return "a " + v.getClass().getSimpleName();
    }
}
