package io.bondy.gateway.api.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bondy's spec files write operator arguments the Erlang mops way: a nested expression is a reference
 * ({@code get({{action.error.error_uri}}, 500)}) and a bare word is a literal key
 * ({@code put(code, ...)}). The engine ({@code io.bondy.core.expression.Mops}, docs/expressions.md)
 * reads bare words as references and quoted words as literals. Before a spec is validated, this
 * rewrites each operator argument: {@code {{ref}}} becomes the reference {@code ref}; a bare word
 * that is not a reference into the gateway's context (no dot and not one of its roots) becomes the
 * literal {@code 'word'}. Everything else (quoted text, numbers, lists, {@code true}, {@code _}, dotted
 * references) stays as it is, so specs written for the engine's own syntax keep their meaning.
 *
 * <p>Pure and thread-safe.
 */
final class BondySyntax {

    /** The roots of the gateway's contexts (load time and request time). */
    static final Set<String> ROOTS = Set.of("request", "action", "security", "status_codes", "variables", "defaults");
    private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "_");

    private BondySyntax() {
    }

    /** A copy of {@code term} with every string rewritten (maps' keys are left alone). */
    static Object normalize(Object term) {
        if (term instanceof String s) {
            return s.contains("{{") ? string(s) : s;
        }
        if (term instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return out;
        }
        if (term instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(normalize(v)));
            return out;
        }
        return term;
    }

    /** Rewrites each top-level {@code {{...}}} of {@code s}; unbalanced text is left for the engine to refuse. */
    static String string(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf("{{", i);
            if (open < 0) {
                out.append(s, i, s.length());
                break;
            }
            int close = matching(s, open);
            if (close < 0) {
                out.append(s, i, s.length());
                break;
            }
            out.append(s, i, open).append("{{").append(expression(s.substring(open + 2, close))).append("}}");
            i = close + 2;
        }
        return out.toString();
    }

    /** The index of the "}}" closing the "{{" at {@code open}, counting nested pairs; -1 if none. */
    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length() - 1; i++) {
            if (s.startsWith("{{", i)) {
                depth++;
                i++;
            } else if (s.startsWith("}}", i)) {
                depth--;
                if (depth == 0) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    /** The body of one expression with its operator arguments rewritten. */
    private static String expression(String body) {
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\'' || c == '"') {
                int end = quoted(body, i);
                out.append(body, i, end);
                i = end;
            } else if (c == '(') {
                int end = closing(body, i);
                if (end < 0) {
                    out.append(body, i, body.length());
                    break;
                }
                out.append('(').append(arguments(body.substring(i + 1, end))).append(')');
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String arguments(String args) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '\'' || c == '"') {
                i = quoted(args, i) - 1;
            } else if (c == '(' || c == '[' || (c == '{' && args.startsWith("{{", i))) {
                depth++;
                if (c == '{') {
                    i++;
                }
            } else if (c == ')' || c == ']' || (c == '}' && args.startsWith("}}", i))) {
                depth--;
                if (c == '}') {
                    i++;
                }
            } else if (c == ',' && depth == 0) {
                parts.add(args.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(args.substring(start));
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            out.add(argument(p));
        }
        return String.join(", ", out);
    }

    private static String argument(String raw) {
        String a = raw.trim();
        if (a.startsWith("{{") && a.endsWith("}}")) {
            return a.substring(2, a.length() - 2).trim(); // a nested expression: a reference
        }
        if (a.isEmpty() || a.startsWith("'") || a.startsWith("\"") || a.startsWith("[") || KEYWORDS.contains(a)
                || Character.isDigit(a.charAt(0)) || a.charAt(0) == '-' || a.contains(".") || a.contains("(")
                || ROOTS.contains(a)) {
            return a;
        }
        return "'" + a.replace("\\", "\\\\").replace("'", "\\'") + "'"; // a bare word: Bondy's literal key
    }

    private static int quoted(String s, int start) {
        char q = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i + 1;
            }
        }
        return s.length();
    }

    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = quoted(s, i) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
