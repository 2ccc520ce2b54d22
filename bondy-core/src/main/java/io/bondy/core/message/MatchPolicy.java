package io.bondy.core.message;

import java.util.Map;

/** The {@code match} option of SUBSCRIBE and REGISTER. */
public enum MatchPolicy {
    EXACT("exact"),
    PREFIX("prefix"),
    WILDCARD("wildcard");

    private final String wireName;

    MatchPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Reads {@code match} from options already validated by the codec; missing means exact. */
    public static MatchPolicy fromOptions(Map<String, Object> options) {
        Object match = options.get("match");
        if (match == null) {
            return EXACT;
        }
        for (MatchPolicy p : values()) {
            if (p.wireName.equals(match)) {
                return p;
            }
        }
        throw new ProtocolViolationException("unknown match policy '" + match + "'");
    }
}
