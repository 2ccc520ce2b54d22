package io.bondy.gateway.api.http;

/** The error URIs of the gateway's own answers (Bondy's where it has one). */
public final class GatewayErrors {

    public static final String NOT_FOUND = "bondy.error.not_found";
    public static final String METHOD_NOT_ALLOWED = "bondy.error.method_not_allowed";
    public static final String NOT_ACCEPTABLE = "bondy.error.not_acceptable";
    public static final String UNSUPPORTED_MEDIA_TYPE = "bondy.error.unsupported_media_type";
    public static final String PAYLOAD_TOO_LARGE = "bondy.error.payload_too_large";
    public static final String BAD_REQUEST = "bondy.error.bad_request";
    public static final String INVALID_EXPRESSION = "bondy.error.http_gateway.invalid_expression";
    public static final String NOT_AUTHORIZED = "wamp.error.not_authorized";
    public static final String AUTHENTICATION_FAILED = "bondy.error.authentication_failed";
    public static final String NOT_IMPLEMENTED = "bondy.error.not_implemented";
    public static final String UNAVAILABLE = "bondy.error.unavailable";
    public static final String BAD_GATEWAY = "bondy.error.bad_gateway";
    public static final String TIMEOUT = "bondy.error.timeout";
    public static final String INTERNAL = "bondy.error.internal_error";

    private GatewayErrors() {
    }
}
