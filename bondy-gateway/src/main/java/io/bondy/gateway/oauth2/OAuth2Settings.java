package io.bondy.gateway.oauth2;

import java.time.Duration;
import java.util.Objects;

/**
 * The OAuth2 token endpoint's settings ({@code api_gateway.oauth2.*}).
 *
 * @param realm             the realm whose users and clients the endpoint serves (Bondy takes it from
 *                          the API specification; here one per node)
 * @param accessTokenTtl    lifetime of an access token (capped by {@code security.ticket.max_expiry_time})
 * @param refreshTokenTtl   lifetime of a refresh token (same cap)
 * @param threads           threads checking credentials and issuing tokens (password checks take
 *                          milliseconds and must not run on an event loop)
 * @param maxQueuedRequests requests waiting for those threads; more are answered 503
 */
public record OAuth2Settings(String realm, Duration accessTokenTtl, Duration refreshTokenTtl, int threads,
                             int maxQueuedRequests) {

    /** The token endpoint's path on the API gateway's HTTP port. */
    public static final String TOKEN_PATH = "/oauth/token";
    /** The revocation endpoint's path (RFC 7009). */
    public static final String REVOKE_PATH = "/oauth/revoke";

    public OAuth2Settings {
        Objects.requireNonNull(realm, "realm");
        if (accessTokenTtl.toSeconds() < 1 || refreshTokenTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("token lifetimes must be at least one second");
        }
        if (threads < 1 || maxQueuedRequests < 1) {
            throw new IllegalArgumentException("threads and max_queued_requests must be at least 1");
        }
    }
}
