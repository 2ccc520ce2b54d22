package io.bondy.security.authn;

import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.User;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OAuth2 tokens for the HTTP gateway's token endpoint: an access token is a router-issued ticket of
 * kind {@code oauth2} (what the {@code oauth2} WAMP auth method accepts), a refresh token one of kind
 * {@code oauth2_refresh} (accepted only here, never as a credential). Both are recorded in the store,
 * so revoking deletes the record and the token stops working on every node at once. A refresh rotates
 * the refresh token: the old one is revoked.
 *
 * <p>Threading: thread-safe (see {@link TicketService}).
 */
public final class OAuth2Tokens {

    public static final String KIND_REFRESH = "oauth2_refresh";

    private final SecurityState state;
    private final TicketService tickets;

    /**
     * Tokens issued in one answer.
     *
     * @param accessToken  the access token (the {@code oauth2} WAMP credential)
     * @param expiresIn    its lifetime in seconds
     * @param refreshToken a refresh token, or null when none is issued
     */
    public record Issued(String accessToken, long expiresIn, String refreshToken) {
    }

    public OAuth2Tokens(SecurityState state, TicketService tickets) {
        this.state = state;
        this.tickets = tickets;
    }

    /**
     * Issues an access token (and, when {@code refreshTtl} is not null, a refresh token) to user
     * {@code username} of {@code realm}, who has already proved who it is.
     *
     * @param clientId the OAuth2 client it was issued through, or null
     */
    public Issued issue(String realm, String username, String clientId, Duration accessTtl, Duration refreshTtl) {
        Map<String, Object> scope = new LinkedHashMap<>();
        if (clientId != null) {
            scope.put("client_id", clientId);
        }
        String issuer = clientId == null ? username : clientId;
        long life = tickets.lifetime(accessTtl.toSeconds());
        String access = tickets.issue(TicketService.KIND_OAUTH2, realm, username, issuer, accessTtl.toSeconds(), scope);
        String refresh = refreshTtl == null ? null
                : tickets.issue(KIND_REFRESH, realm, username, issuer, refreshTtl.toSeconds(), scope);
        return new Issued(access, life, refresh);
    }

    /**
     * New tokens for a valid refresh token of {@code realm} whose user still exists and is enabled,
     * and which was issued through {@code clientId} (when it names a client); the old refresh token is
     * revoked. Empty when any of that fails ({@code invalid_grant}).
     */
    public Optional<Issued> refresh(String realm, String refreshToken, String clientId, Duration accessTtl,
                                    Duration refreshTtl) {
        Optional<Map<String, Object>> claims = tickets.verify(KIND_REFRESH, realm, null, refreshToken);
        if (claims.isEmpty() || !(claims.get().get("authid") instanceof String authid)) {
            return Optional.empty();
        }
        Object issuedTo = claims.get().get("scope") instanceof Map<?, ?> s ? s.get("client_id") : null;
        if (issuedTo != null && !issuedTo.equals(clientId)) {
            return Optional.empty(); // RFC 6749 6: a refresh token is bound to the client it was issued to
        }
        Optional<User> user = state.realm(realm).user(authid).filter(User::enabled);
        if (user.isEmpty() || !tickets.revoke(realm, refreshToken)) {
            return Optional.empty();
        }
        return Optional.of(issue(realm, user.get().username(), (String) issuedTo, accessTtl, refreshTtl));
    }

    /** Revokes an access or refresh token of {@code realm}; false when it is not one (RFC 7009 answers 200 anyway). */
    public boolean revoke(String realm, String token) {
        return tickets.revoke(realm, token);
    }
}
