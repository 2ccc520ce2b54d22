package io.bondy.core.uri;

/**
 * The spec's URI rules. Loose: components contain no '.', '#' or whitespace. Strict: components are
 * lower-case letters, digits and '_'. Empty components are allowed only where the Advanced Profile
 * permits them (wildcard patterns).
 */
public enum UriValidator {
    /** Any character but whitespace, '.' and '#' in a component. */
    LOOSE,
    /** Lower-case ASCII letters, digits and '_' in a component. */
    STRICT;

    /** A URI with no empty component (topics, procedures, errors, realms). */
    public boolean isValid(String uri) {
        if (uri == null || uri.isEmpty()) {
            return false;
        }
        int componentLength = 0;
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '.') {
                if (componentLength == 0) {
                    return false;
                }
                componentLength = 0;
            } else if (isComponentChar(c)) {
                componentLength++;
            } else {
                return false;
            }
        }
        return componentLength > 0;
    }

    /** A URI that may have empty components (wildcard patterns). */
    public boolean isValidPattern(String uri) {
        if (uri == null || uri.isEmpty()) {
            return false;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c != '.' && !isComponentChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** A character a component may hold (a hand-written scan: this runs for every routed message). */
    private boolean isComponentChar(char c) {
        if (this == STRICT) {
            return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
        }
        // the regular expression class \s: ASCII whitespace
        return c != '#' && c != ' ' && c != '\t' && c != '\n' && c != 0x0B && c != '\f' && c != '\r';
    }

    /** Whether the first component is the reserved {@code wamp}. */
    public static boolean isReserved(String uri) {
        return uri.equals("wamp") || uri.startsWith("wamp.");
    }

    public static UriValidator named(String name) {
        return switch (name) {
            case "loose" -> LOOSE;
            case "strict" -> STRICT;
            default -> throw new IllegalArgumentException("unknown URI validation '" + name
                    + "' (expected loose or strict)");
        };
    }
}
