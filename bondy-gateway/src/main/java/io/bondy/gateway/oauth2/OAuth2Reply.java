package io.bondy.gateway.oauth2;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer of the token or revocation endpoint: a status and a JSON object (RFC 6749 5.1 and 5.2).
 *
 * @param status          the HTTP status
 * @param body            the JSON object
 * @param challengeRealm  for 401 {@code invalid_client}: the realm named in {@code WWW-Authenticate: Basic}; else null
 */
public record OAuth2Reply(int status, Map<String, Object> body, String challengeRealm) {

    public static OAuth2Reply ok(Map<String, Object> body) {
        return new OAuth2Reply(200, body, null);
    }

    /** RFC 6749 5.2: {@code {"error": code, "error_description": description}}, status 400. */
    public static OAuth2Reply error(String code, String description) {
        return error(400, code, description);
    }

    public static OAuth2Reply error(int status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        return new OAuth2Reply(status, body, null);
    }

    /** 401 {@code invalid_client}, with a Basic challenge for {@code realm}. */
    public static OAuth2Reply invalidClient(String realm, String description) {
        OAuth2Reply e = error(401, "invalid_client", description);
        return new OAuth2Reply(401, e.body(), realm);
    }
}
