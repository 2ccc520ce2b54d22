package io.bondy.gateway.api.spec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A concrete path pattern: literal segments and bindings ({@code /things/:id}). Patterns come from a
 * base path and a path key, where {@code [...]} marks an optional part ({@code /api/[v1.0]} stands for
 * {@code /api} and {@code /api/v1.0}; see {@link #expand}).
 *
 * <p>Immutable and thread-safe.
 */
public final class PathPattern {

    /** Bounds the alternatives one path with optional parts stands for. */
    public static final int MAX_ALTERNATIVES = 16;
    private static final Pattern BINDING = Pattern.compile(":[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,;=@%]+");

    private final String text;
    private final String[] segments;
    private final boolean[] binding;
    private final int literals;

    private PathPattern(String text, String[] segments, boolean[] binding, int literals) {
        this.text = text;
        this.segments = segments;
        this.binding = binding;
        this.literals = literals;
    }

    /**
     * Every concrete path {@code raw} stands for: each {@code [...]} part is either left out or kept
     * (nesting allowed). Double slashes collapse; a trailing slash is dropped.
     *
     * @throws IllegalArgumentException with the reason (unbalanced brackets, too many alternatives)
     */
    public static List<String> expand(String raw) {
        if (raw.contains("[...]")) {
            throw new IllegalArgumentException("the catch-all [...] is not supported");
        }
        List<String> out = new ArrayList<>();
        for (String s : alternatives(raw)) {
            String n = normalize(s);
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private static List<String> alternatives(String raw) {
        int open = raw.indexOf('[');
        int close = raw.indexOf(']');
        if (open < 0) {
            if (close >= 0) {
                throw new IllegalArgumentException("unbalanced ']'");
            }
            return List.of(raw);
        }
        if (close >= 0 && close < open) {
            throw new IllegalArgumentException("unbalanced ']'");
        }
        int depth = 0;
        int end = -1;
        for (int i = open; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException("unbalanced '['");
        }
        String head = raw.substring(0, open);
        List<String> inner = alternatives(raw.substring(open + 1, end));
        List<String> tails = alternatives(raw.substring(end + 1));
        List<String> out = new ArrayList<>();
        for (String tail : tails) {
            out.add(head + tail);
            for (String in : inner) {
                out.add(head + in + tail);
            }
            if (out.size() > MAX_ALTERNATIVES) {
                throw new IllegalArgumentException("more than " + MAX_ALTERNATIVES + " alternatives");
            }
        }
        return out;
    }

    /** {@code //} → {@code /}, no trailing slash (except the root), a leading slash. */
    public static String normalize(String path) {
        // per request: a regex here was compiled on every call (String.replaceAll)
        String p = path.contains("//") ? collapseSlashes(path) : path;
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String collapseSlashes(String path) {
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '/' || sb.length() == 0 || sb.charAt(sb.length() - 1) != '/') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Compiles a concrete path ({@link #expand}ed).
     *
     * @throws IllegalArgumentException naming the bad segment
     */
    public static PathPattern compile(String path) {
        String p = normalize(path);
        String[] parts = p.equals("/") ? new String[0] : p.substring(1).split("/");
        boolean[] binding = new boolean[parts.length];
        int literals = 0;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i];
            if (s.startsWith(":")) {
                if (!BINDING.matcher(s).matches()) {
                    throw new IllegalArgumentException("bad binding '" + s + "' (expected :name)");
                }
                if (names.contains(s)) {
                    throw new IllegalArgumentException("binding " + s + " appears twice");
                }
                names.add(s);
                binding[i] = true;
                parts[i] = s.substring(1);
            } else {
                if (!LITERAL.matcher(s).matches() || s.equals(".") || s.equals("..")) {
                    throw new IllegalArgumentException("bad path segment '" + s + "'");
                }
                literals++;
            }
        }
        return new PathPattern(p, parts, binding, literals);
    }

    /** Splits a request path (already without query string) into its segments. */
    public static String[] segments(String requestPath) {
        String p = normalize(requestPath);
        if (p.equals("/")) {
            return new String[0];
        }
        // per request: a plain scan (String.split was a visible share of the gateway's CPU)
        int n = 1;
        for (int i = 1; i < p.length(); i++) {
            if (p.charAt(i) == '/') {
                n++;
            }
        }
        String[] out = new String[n];
        int start = 1;
        for (int k = 0; k < n; k++) {
            int end = p.indexOf('/', start);
            if (end < 0) {
                end = p.length();
            }
            out[k] = p.substring(start, end);
            start = end + 1;
        }
        return out;
    }

    /** The bindings when {@code request} (from {@link #segments}) matches, else null. */
    public Map<String, Object> match(String[] request) {
        if (request.length != segments.length) {
            return null;
        }
        Map<String, Object> bindings = null;
        for (int i = 0; i < segments.length; i++) {
            if (binding[i]) {
                if (request[i].isEmpty()) {
                    return null;
                }
                if (bindings == null) {
                    bindings = new LinkedHashMap<>();
                }
                bindings.put(segments[i], decode(request[i]));
            } else if (!segments[i].equals(request[i])) {
                return null;
            }
        }
        return bindings == null ? Map.of() : bindings;
    }

    /** Whether both patterns match exactly the same paths ({@code /a/:x} and {@code /a/:y} do). */
    public boolean sameShape(PathPattern other) {
        if (segments.length != other.segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (binding[i] != other.binding[i] || (!binding[i] && !segments[i].equals(other.segments[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Literal segments count: a more literal pattern wins over one with bindings in the same place. */
    public int literals() {
        return literals;
    }

    public int length() {
        return segments.length;
    }

    /** The binding names, in order. */
    public List<String> bindingNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            if (binding[i]) {
                out.add(segments[i]);
            }
        }
        return out;
    }

    /** The pattern in OpenAPI's form: {@code /things/{id}}. */
    public String openApiPath() {
        if (segments.length == 0) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            sb.append('/').append(binding[i] ? "{" + segments[i] + "}" : segments[i]);
        }
        return sb.toString();
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
