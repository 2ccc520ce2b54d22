package io.bondy.security.model;

/**
 * A refused security operation, with the error URI Bondy answers it with
 * ({@code bondy.error.already_exists}, {@code bondy.error.not_found}, ...).
 */
public final class SecurityError extends RuntimeException {

    public static final String ALREADY_EXISTS = "bondy.error.already_exists";
    public static final String NOT_FOUND = "bondy.error.not_found";
    public static final String INVALID_DATA = "bondy.error.invalid_data";
    public static final String MISSING_REQUIRED_VALUE = "bondy.error.missing_required_value";
    public static final String NO_SUCH_GROUPS = "bondy.error.no_such_groups";
    public static final String UNKNOWN_ROLES = "bondy.error.unknown_roles";
    public static final String RESERVED_NAME = "bondy.error.reserved_name";
    public static final String INVALID_SSO_REALM = "bondy.error.invalid_sso_realm";
    public static final String INVALID_REQUEST = "bondy.error.invalid_request";
    public static final String PROPERTY_RANGE_LIMIT = "bondy.error.property_range_limit";
    public static final String BAD_SIGNATURE = "wamp.error.bad_signature";
    public static final String NO_SUCH_PRINCIPAL = "wamp.error.no_such_principal";
    public static final String NO_SUCH_REALM = "wamp.error.no_such_realm";
    public static final String INVALID_ARGUMENT = "wamp.error.invalid_argument";
    public static final String NOT_AUTHORIZED = "wamp.error.not_authorized";

    private final String uri;

    public SecurityError(String uri, String message) {
        super(message, null, false, false);
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }
}
