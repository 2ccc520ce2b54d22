package io.bondy.gateway.oauth2;

import io.bondy.core.spi.AuthIdentity;
import io.bondy.security.authn.CredentialCheck;
import io.bondy.security.authn.OAuth2Tokens;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth2 token and revocation endpoints without HTTP: form parameters and the
 * {@code Authorization} header in, an {@link OAuth2Reply} out.
 *
 * <ul>
 *   <li>{@code grant_type=password}: {@code username} and {@code password} of a user of the realm,
 *       checked like a WAMP login (user enabled, a {@code password} source for the client's address,
 *       throttling); answers an access token and a refresh token.</li>
 *   <li>{@code grant_type=client_credentials}: the authenticated client (a user of the realm) gets an
 *       access token for itself; no refresh token (RFC 6749 4.4.3).</li>
 *   <li>{@code grant_type=refresh_token}: a valid refresh token (bound to the client it was issued
 *       through, if any) gives new tokens; the old refresh token is revoked.</li>
 *   <li>revocation (RFC 7009): {@code token}, optional {@code token_type_hint}; 200 whether or not it
 *       was a valid token.</li>
 * </ul>
 * A client authenticates with HTTP Basic ({@code client_id:client_secret}) or with {@code client_id}
 * and {@code client_secret} in the body, never both; clients are users of the realm, as in Bondy.
 * A client is required for {@code client_credentials} and optional otherwise; when one is presented
 * it must be valid (401 {@code invalid_client}).
 *
 * <p>Threading: any thread; a call may derive a password key (milliseconds): not on an event loop.
 */
public final class TokenEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    private final OAuth2Settings settings;
    private final CredentialCheck credentials;
    private final OAuth2Tokens tokens;

    public TokenEndpoint(OAuth2Settings settings, CredentialCheck credentials, OAuth2Tokens tokens) {
        this.settings = settings;
        this.credentials = credentials;
        this.tokens = tokens;
    }

    /** {@code POST /oauth/token}. */
    public OAuth2Reply token(Map<String, String> form, String authorization, InetAddress address) {
        Client client;
        try {
            client = client(form, authorization, address);
        } catch (Refused r) {
            return r.reply;
        }
        String grant = form.get("grant_type");
        if (grant == null) {
            return OAuth2Reply.error("invalid_request", "grant_type is missing");
        }
        return switch (grant) {
            case "password" -> password(form, client, address);
            case "client_credentials" -> client == null
                    ? OAuth2Reply.invalidClient(settings.realm(), "client_credentials needs client authentication")
                    : issued(tokens.issue(settings.realm(), client.identity().authid(), client.id(),
                            settings.accessTokenTtl(), null));
            case "refresh_token" -> refresh(form, client);
            default -> OAuth2Reply.error("unsupported_grant_type", "grant_type '" + grant
                    + "' is not supported (password, client_credentials, refresh_token)");
        };
    }

    /** {@code POST /oauth/revoke} (RFC 7009). */
    public OAuth2Reply revoke(Map<String, String> form, String authorization, InetAddress address) {
        try {
            client(form, authorization, address);
        } catch (Refused r) {
            return r.reply;
        }
        String token = form.get("token");
        if (token == null) {
            return OAuth2Reply.error("invalid_request", "token is missing");
        }
        String hint = form.get("token_type_hint");
        if (hint != null && !hint.equals("access_token") && !hint.equals("refresh_token")) {
            return OAuth2Reply.error("unsupported_token_type", "token_type_hint must be access_token or refresh_token");
        }
        boolean revoked = tokens.revoke(settings.realm(), token);
        LOG.debug("OAuth2 revocation in realm {} from {}: {}", settings.realm(), address, revoked ? "revoked"
                : "not a token of the realm");
        return OAuth2Reply.ok(Map.of());
    }

    private OAuth2Reply password(Map<String, String> form, Client client, InetAddress address) {
        String username = form.get("username");
        String password = form.get("password");
        if (username == null || password == null) {
            return OAuth2Reply.error("invalid_request", "the password grant needs username and password");
        }
        Optional<AuthIdentity> who = credentials.password(settings.realm(), username, password, address);
        if (who.isEmpty()) {
            LOG.info("OAuth2 password grant refused in realm {} for '{}' from {}", settings.realm(), username,
                    address == null ? "-" : address.getHostAddress());
            return OAuth2Reply.error("invalid_grant", "invalid username or password");
        }
        return issued(tokens.issue(settings.realm(), who.get().authid(), client == null ? null : client.id(),
                settings.accessTokenTtl(), settings.refreshTokenTtl()));
    }

    private OAuth2Reply refresh(Map<String, String> form, Client client) {
        String refreshToken = form.get("refresh_token");
        if (refreshToken == null) {
            return OAuth2Reply.error("invalid_request", "refresh_token is missing");
        }
        return tokens.refresh(settings.realm(), refreshToken, client == null ? null : client.id(),
                        settings.accessTokenTtl(), settings.refreshTokenTtl())
                .map(this::issued)
                .orElseGet(() -> OAuth2Reply.error("invalid_grant",
                        "the refresh token is invalid, expired, revoked or was issued to another client"));
    }

    private OAuth2Reply issued(OAuth2Tokens.Issued t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", t.accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", t.expiresIn());
        if (t.refreshToken() != null) {
            body.put("refresh_token", t.refreshToken());
        }
        return OAuth2Reply.ok(body);
    }

    /** An authenticated OAuth2 client: its id (the user's name as given) and identity. */
    private record Client(String id, AuthIdentity identity) {
    }

    /** The authenticated client, null when none is presented; {@link Refused} when one is presented and wrong. */
    private Client client(Map<String, String> form, String authorization, InetAddress address) {
        String id;
        String secret;
        if (authorization != null) {
            if (form.containsKey("client_secret")) {
                throw new Refused(OAuth2Reply.error("invalid_request",
                        "use one client authentication method: HTTP Basic or client_secret in the body"));
            }
            String[] basic = basic(authorization);
            id = basic[0];
            secret = basic[1];
        } else if (form.containsKey("client_secret")) {
            id = form.get("client_id");
            secret = form.get("client_secret");
            if (id == null) {
                throw new Refused(OAuth2Reply.error("invalid_request", "client_secret without client_id"));
            }
        } else {
            return null; // no client authentication (a public client's client_id alone proves nothing)
        }
        Optional<AuthIdentity> who = credentials.password(settings.realm(), id, secret, address);
        if (who.isEmpty()) {
            LOG.info("OAuth2 client authentication failed in realm {} for client '{}' from {}", settings.realm(), id,
                    address == null ? "-" : address.getHostAddress());
            throw new Refused(OAuth2Reply.invalidClient(settings.realm(), "client authentication failed"));
        }
        return new Client(who.get().authid(), who.get());
    }

    /** {@code Basic base64(urlencoded(id) ":" urlencoded(secret))} (RFC 6749 2.3.1). */
    private String[] basic(String authorization) {
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
            throw new Refused(OAuth2Reply.invalidClient(settings.realm(), "client authentication must be HTTP Basic"));
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("no client_id:client_secret");
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw new Refused(OAuth2Reply.invalidClient(settings.realm(), "malformed HTTP Basic credentials"));
        }
    }

    /** A request refused before its grant is looked at. */
    private static final class Refused extends RuntimeException {

        private final transient OAuth2Reply reply;

        Refused(OAuth2Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }
}
