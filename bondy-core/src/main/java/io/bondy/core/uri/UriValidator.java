package io.bondy.core.uri;

import java.util.regex.Pattern;

/**
 * The spec's URI rules. Loose: components contain no '.', '#' or whitespace. Strict: components are
 * lower-case letters, digits and '_'. Empty components are allowed only where the Advanced Profile
 * permits them (wildcard patterns).
 */
public enum UriValidator {
    LOOSE(Pattern.compile("^([^\\s.#]+\\.)*([^\\s.#]+)$"),
          Pattern.compile("^(([^\\s.#]+\\.)|\\.)*([^\\s.#]+)?$")),
    STRICT(Pattern.compile("^([0-9a-z_]+\\.)*([0-9a-z_]+)$"),
           Pattern.compile("^(([0-9a-z_]+\\.)|\\.)*([0-9a-z_]+)?$"));

    private final Pattern noEmpty;
    private final Pattern allowEmpty;

    UriValidator(Pattern noEmpty, Pattern allowEmpty) {
        this.noEmpty = noEmpty;
        this.allowEmpty = allowEmpty;
    }

    /** A URI with no empty component (topics, procedures, errors, realms). */
    public boolean isValid(String uri) {
        return uri != null && !uri.isEmpty() && noEmpty.matcher(uri).matches();
    }

    /** A URI that may have empty components (wildcard patterns). */
    public boolean isValidPattern(String uri) {
        return uri != null && !uri.isEmpty() && allowEmpty.matcher(uri).matches();
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
