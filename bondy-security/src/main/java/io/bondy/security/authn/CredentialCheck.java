package io.bondy.security.authn;

import io.bondy.core.spi.AuthIdentity;
import io.bondy.security.authz.RealmSecurity;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.Password;
import io.bondy.security.model.PasswordPolicy;
import io.bondy.security.model.User;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a credential presented outside a WAMP handshake (the admin HTTP API's Basic and Bearer
 * headers) against the identity store, with the same rules as a WAMP session: the user exists and is
 * enabled, a source allows the method from the client's address, and repeated failures are throttled
 * per address and per authid ({@link AuthThrottle}). An unknown user costs the same key derivation as a wrong password.
 *
 * <p>Threading: any thread; a password check derives a key (milliseconds): keep it off event loops.
 */
public final class CredentialCheck {

    private final SecurityState state;
    private final AuthThrottle throttle;
    private final TicketService tickets;
    private final Password decoy;

    public CredentialCheck(SecurityState state, AuthThrottle throttle, TicketService tickets, PasswordPolicy policy) {
        this.state = state;
        this.throttle = throttle;
        this.tickets = tickets;
        this.decoy = Password.create("decoy-password-never-matches-" + System.nanoTime(), policy);
    }

    /** The identity of {@code username} in {@code realm} when {@code password} is theirs (method {@code password}). */
    public Optional<AuthIdentity> password(String realm, String username, String password, InetAddress address) {
        RealmSecurity security = state.realm(realm);
        Optional<User> known = username == null ? Optional.empty() : security.user(username);
        String who = known.map(User::username).orElse(username);
        if (throttle.isBlocked(address, realm, who)) {
            return Optional.empty();
        }
        Optional<User> user = known.filter(User::enabled)
                .filter(u -> security.sourceAllows(u.username(), AuthMethods.WAMPCRA, address));
        Password pw = user.map(User::password).orElse(null);
        boolean ok = (pw == null ? decoy : pw).matches(password) && pw != null;
        return tracked(address, realm, who, ok ? user.map(u -> identity(security, u, AuthMethods.PASSWORD))
                : Optional.empty());
    }

    /** The identity a valid, unexpired, unrevoked ticket of {@code realm} was issued to. */
    public Optional<AuthIdentity> ticket(String realm, String token, InetAddress address) {
        if (throttle.isBlocked(address, realm, null)) {
            return Optional.empty();
        }
        RealmSecurity security = state.realm(realm);
        Optional<AuthIdentity> who = TicketService.peek(token)
                .flatMap(claims -> claims.get("authid") instanceof String id ? security.user(id) : Optional.empty())
                .filter(u -> tickets.verifyLogin(realm, u.ssoRealmUri(), u.username(), token).isPresent())
                .filter(User::enabled)
                .filter(u -> security.sourceAllows(u.username(), AuthMethods.TICKET, address))
                .map(u -> identity(security, u, AuthMethods.TICKET));
        return tracked(address, realm, null, who);
    }

    /**
     * The identity a valid, unexpired, unrevoked OAuth2 access token of {@code realm} was issued to
     * (method {@code oauth2}; the HTTP API gateway's bearer tokens): the same checks as the
     * {@code oauth2} WAMP auth method.
     */
    public Optional<AuthIdentity> oauth2AccessToken(String realm, String token, InetAddress address) {
        if (throttle.isBlocked(address, realm, null)) {
            return Optional.empty();
        }
        RealmSecurity security = state.realm(realm);
        Optional<AuthIdentity> who = tickets.verify(TicketService.KIND_OAUTH2, realm, null, token)
                .flatMap(claims -> claims.get("authid") instanceof String id ? security.user(id) : Optional.empty())
                .filter(User::enabled)
                .filter(u -> security.sourceAllows(u.username(), AuthMethods.OAUTH2, address))
                .map(u -> identity(security, u, AuthMethods.OAUTH2));
        return tracked(address, realm, null, who);
    }

    /** Counts a failure against the address and {@code who} (null: a ticket names no one we can trust). */
    private Optional<AuthIdentity> tracked(InetAddress address, String realm, String who,
                                           Optional<AuthIdentity> outcome) {
        if (outcome.isPresent()) {
            throttle.succeeded(address, realm, outcome.get().authid());
        } else {
            throttle.failed(address, realm, who);
        }
        return outcome;
    }

    private static AuthIdentity identity(RealmSecurity realm, User user, String method) {
        String role = user.groups().isEmpty() ? Identities.DEFAULT_ROLE : user.groups().get(0);
        return new AuthIdentity(user.username(), role, method, Identities.PROVIDER, Map.of());
    }
}
