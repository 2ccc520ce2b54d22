package io.bondy.security.model;

import io.bondy.core.message.MatchPolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a grant applies to: a URI with a match policy, or {@code any} URI (policy null).
 */
public record Resource(String uri, MatchPolicy match) {

    public static final Resource ANY = new Resource("", null);

    public boolean isAny() {
        return match == null;
    }

    /**
     * {@code "any"} or {@code {uri, match: exact|prefix|wildcard}}, as Bondy takes them: {@code uri}
     * {@code "any"} is any URI, {@code "*"} is {@code ""}; {@code ""} with no match is a prefix (so any
     * URI); without {@code match}, a URI with an empty component is a wildcard, any other exact.
     */
    public static Resource fromInput(Object in) {
        if ("any".equals(in)) {
            return ANY;
        }
        Map<String, Object> m = Fields.dict(in, "resources");
        if (!m.containsKey("uri")) {
            throw new SecurityError(SecurityError.MISSING_REQUIRED_VALUE, "'uri' is required");
        }
        String uri = Fields.string(m, "uri", "");
        if ("any".equals(uri)) {
            return ANY;
        }
        if ("*".equals(uri)) {
            uri = "";
        }
        String match = Fields.string(m, "match", uri.isEmpty() ? "prefix" : derived(uri));
        if (uri.isEmpty() && !"prefix".equals(match)) {
            throw new SecurityError("bondy.error.inconsistency_error", "an empty uri goes only with match prefix");
        }
        MatchPolicy policy = switch (match) {
            case "exact" -> MatchPolicy.EXACT;
            case "prefix" -> MatchPolicy.PREFIX;
            case "wildcard" -> MatchPolicy.WILDCARD;
            default -> throw new SecurityError(SecurityError.INVALID_DATA,
                    "resource match must be exact, prefix or wildcard, got '" + match + "'");
        };
        return new Resource(uri, policy);
    }

    private static String derived(String uri) {
        return uri.startsWith(".") || uri.endsWith(".") || uri.contains("..") ? "wildcard" : "exact";
    }

    /** Bondy's externalized form: {@code {uri, match}}, any URI being {@code {"uri": "", "match": "prefix"}}. */
    public Map<String, Object> toBondyValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", isAny() ? "" : uri);
        m.put("match", isAny() ? "prefix" : match.wireName());
        return m;
    }

    public Object toValue() {
        if (isAny()) {
            return "any";
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", uri);
        m.put("match", match.wireName());
        return m;
    }
}
