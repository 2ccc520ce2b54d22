package io.bondy.gateway.api;

import io.bondy.core.spi.AuthIdentity;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The one place the gateway checks credentials of a path's {@code security}: bearer access tokens the
 * realm issued ({@code oauth2}) and user name and password ({@code basic}). Today's implementation is
 * bondy-security's {@code CredentialCheck} ({@link SecurityHttpAuthenticator}); JWT access tokens will
 * plug in here.
 *
 * <p>Threading: blocking (password hashing, store reads): the gateway calls it on its own executor.
 */
public interface HttpAuthenticator {

    /** The identity of {@code token}'s user in {@code realm}, or empty when the token is not good there. */
    Optional<AuthIdentity> bearer(String realm, String token, InetAddress address);

    /** The identity of {@code username} in {@code realm} when {@code password} is theirs. */
    Optional<AuthIdentity> basic(String realm, String username, String password, InetAddress address);

    /** Refuses every credential (no security module). */
    HttpAuthenticator NONE = new HttpAuthenticator() {
        @Override
        public Optional<AuthIdentity> bearer(String realm, String token, InetAddress address) {
            return Optional.empty();
        }

        @Override
        public Optional<AuthIdentity> basic(String realm, String username, String password, InetAddress address) {
            return Optional.empty();
        }
    };
}
