package io.bondy.server.admin.api;

import io.bondy.core.WampErrors;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.security.authn.CredentialCheck;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Who an admin HTTP request comes from: {@code Authorization: Basic} with a master-realm user's
 * password, or {@code Authorization: Bearer} with a ticket issued by {@code bondy.ticket.issue} in
 * the master realm. Every failure is the same 401, whatever the reason.
 */
final class HttpAuthenticator {

    private final CredentialCheck credentials;
    private final String masterRealm;

    HttpAuthenticator(CredentialCheck credentials, String masterRealm) {
        this.credentials = credentials;
        this.masterRealm = masterRealm;
    }

    /** @throws AdminApiException 401 when the header is missing, malformed or wrong */
    AuthIdentity authenticate(String authorization, InetAddress address) {
        if (authorization == null || authorization.isBlank()) {
            throw failed("authentication required: use HTTP Basic or a Bearer ticket");
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        Optional<AuthIdentity> who;
        if (scheme.equalsIgnoreCase("Basic")) {
            who = basic(value, address);
        } else if (scheme.equalsIgnoreCase("Bearer")) {
            who = credentials.ticket(masterRealm, value, address);
        } else {
            throw failed("unsupported authorization scheme; use Basic or Bearer");
        }
        return who.orElseThrow(() -> failed("authentication failed"));
    }

    private Optional<AuthIdentity> basic(String encoded, InetAddress address) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw failed("malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw failed("malformed Basic credentials");
        }
        return credentials.password(masterRealm, decoded.substring(0, colon), decoded.substring(colon + 1), address);
    }

    private static AdminApiException failed(String message) {
        return new AdminApiException(401, WampErrors.AUTHENTICATION_FAILED, message);
    }
}
