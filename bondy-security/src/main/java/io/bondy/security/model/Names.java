package io.bondy.security.model;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules for user and group names: not reserved, printable, no path separators. */
public final class Names {

    /** Names that mean something to the RBAC model and may not name a user or group. */
    public static final Set<String> RESERVED = Set.of("all", "anonymous", "any", "from", "on", "to");
    private static final Pattern VALID = Pattern.compile("[^/\\s\\p{Cntrl}]{1,128}");

    private Names() {
    }

    /** The name, lower-cased, if valid and not reserved. */
    public static String checkName(String kind, Object name) {
        if (!(name instanceof String s) || s.isEmpty()) {
            throw new SecurityError(SecurityError.MISSING_REQUIRED_VALUE, kind + " name is required");
        }
        String n = s.toLowerCase(Locale.ROOT);
        if (!VALID.matcher(n).matches()) {
            throw new SecurityError(SecurityError.INVALID_DATA,
                    kind + " name must be 1..128 printable characters without '/' or spaces");
        }
        if (RESERVED.contains(n)) {
            throw new SecurityError(SecurityError.RESERVED_NAME, "'" + n + "' is a reserved name");
        }
        return n;
    }

    /** A name for lookups: lower-cased, or null when it cannot name anything. */
    public static String normalize(String name) {
        return name == null || name.isEmpty() ? null : name.toLowerCase(Locale.ROOT);
    }
}
