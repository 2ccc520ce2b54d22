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

    /** {@code "any"} or {@code {uri, match: exact|prefix|wildcard}}. */
    public static Resource fromInput(Object in) {
        if ("any".equals(in)) {
            return ANY;
        }
        Map<String, Object> m = Fields.dict(in, "resources");
        String uri = Fields.requiredString(m, "uri");
        String match = Fields.string(m, "match", "exact");
        MatchPolicy policy = switch (match) {
            case "exact" -> MatchPolicy.EXACT;
            case "prefix" -> MatchPolicy.PREFIX;
            case "wildcard" -> MatchPolicy.WILDCARD;
            default -> throw new SecurityError(SecurityError.INVALID_DATA,
                    "resource match must be exact, prefix or wildcard, got '" + match + "'");
        };
        return new Resource(uri, policy);
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
