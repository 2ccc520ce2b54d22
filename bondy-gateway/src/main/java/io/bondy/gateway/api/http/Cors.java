package io.bondy.gateway.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CORS for API paths: a path's own {@code options} method answers preflights as the spec says (its
 * {@code access-control-allow-methods} header is set to the path's methods, as in Bondy); without one,
 * an {@code OPTIONS} request gets {@code 204} with {@code Allow}, and, when the request's
 * {@code Origin} is one of {@code api_gateway.cors.allowed_origins}, the CORS preflight headers. Other
 * answers get {@code Access-Control-Allow-Origin} the same way unless the spec set it.
 */
final class Cors {

    /** How long a browser may cache a preflight answer, in seconds. */
    static final String MAX_AGE = "600";
    /** The longest {@code Access-Control-Request-Headers} echoed back. */
    static final int MAX_REQUEST_HEADERS = 1024;

    private Cors() {
    }

    static GatewayReply preflight(HttpInput in, String allowed, List<String> origins) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("allow", allowed);
        String origin = in.header("origin");
        if (origin != null && allows(origins, origin)) {
            headers.put("access-control-allow-origin", origins.contains("*") ? "*" : origin);
            headers.put("access-control-allow-methods", allowed);
            String requested = in.header("access-control-request-headers");
            if (requested != null && requested.length() <= MAX_REQUEST_HEADERS) {
                headers.put("access-control-allow-headers", requested);
            }
            headers.put("access-control-max-age", MAX_AGE);
            if (!origins.contains("*")) {
                headers.put("vary", "Origin");
            }
        }
        return new GatewayReply(204, headers, new byte[0]);
    }

    static void addAllowOrigin(HttpInput in, GatewayReply reply, List<String> origins) {
        String origin = in.header("origin");
        if (origin == null || reply.headers().containsKey("access-control-allow-origin") || !allows(origins, origin)) {
            return;
        }
        try {
            reply.headers().put("access-control-allow-origin", origins.contains("*") ? "*" : origin);
        } catch (UnsupportedOperationException ignored) {
            // an immutable header map: leave it
        }
    }

    private static boolean allows(List<String> origins, String origin) {
        return origins.contains("*") || origins.contains(origin);
    }
}
