package io.bondy.gateway.api;

import io.bondy.core.spi.AuthIdentity;
import io.bondy.security.authn.CredentialCheck;
import java.net.InetAddress;
import java.util.Optional;

/**
 * {@link HttpAuthenticator} on bondy-security: access tokens are the realm's OAuth2 tickets (issued by
 * {@code POST /oauth/token}), passwords are checked with the realm's sources and throttling.
 */
public final class SecurityHttpAuthenticator implements HttpAuthenticator {

    private final CredentialCheck credentials;

    public SecurityHttpAuthenticator(CredentialCheck credentials) {
        this.credentials = credentials;
    }

    @Override
    public Optional<AuthIdentity> bearer(String realm, String token, InetAddress address) {
        return credentials.oauth2AccessToken(realm, token, address);
    }

    @Override
    public Optional<AuthIdentity> basic(String realm, String username, String password, InetAddress address) {
        return credentials.password(realm, username, password, address);
    }
}
