package io.bondy.server.admin.api;

/** The HTTP status for a WAMP error URI (Bondy's and the spec's). */
final class ErrorStatus {

    private ErrorStatus() {
    }

    static int of(String uri) {
        if (uri == null) {
            return 500;
        }
        String last = uri.substring(uri.lastIndexOf('.') + 1);
        return switch (last) {
            case "not_found", "no_such_realm", "no_such_procedure", "no_such_principal", "no_such_registration",
                    "no_such_subscription", "no_such_session" -> 404;
            case "already_exists" -> 409;
            case "not_authorized" -> 403;
            case "invalid_argument", "invalid_uri", "invalid_data", "missing_required_value", "no_such_groups",
                    "unknown_roles", "reserved_name", "property_range_limit", "bad_request" -> 400;
            case "authentication_failed", "authentication" -> 401;
            case "timeout", "unavailable" -> 503;
            default -> 500;
        };
    }
}
