package io.bondy.security.authn;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.core.spi.AuthRequest;
import io.bondy.core.spi.Authenticator;
import io.bondy.core.spi.Authorizer;
import io.bondy.security.authz.RealmSecurity;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.User;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication from the identity store. Of the methods the client offers (in its order), the
 * first that the realm allows and that a source allows for the claimed user from the client's
 * address is used. When none qualifies because of the user (unknown, disabled, no source, no
 * credential), the client gets a decoy CHALLENGE and then {@code wamp.error.authentication_failed},
 * exactly as for a wrong password. Repeated failures from one address, and for one authid of a
 * realm from any address, are throttled ({@link AuthThrottle}).
 *
 * <p>{@code anonymous} needs a source for {@code anonymous} only when the realm enforces security;
 * a realm with security disabled admits anonymous clients whenever its authmethods allow it.
 *
 * <p>A realm whose {@code allow_connections} is false refuses every HELLO with ABORT
 * {@value #CONNECTIONS_NOT_ALLOWED}; run-time {@code authmethods} (API realms and their prototypes)
 * replace the configured ones.
 *
 * <p>Threading: transport thread; never blocks (store reads are local).
 */
public final class SecurityAuthenticator implements Authenticator {

    /** The ABORT reason when the realm's {@code allow_connections} is false. */
    public static final String CONNECTIONS_NOT_ALLOWED = "bondy.error.connections_not_allowed";

    private final SecurityState state;
    private final Authorizer authorizer;
    private final AuthThrottle throttle;
    private final Decoy decoy;
    private final Map<String, AuthMethod> methods = new LinkedHashMap<>();

    public SecurityAuthenticator(SecurityState state, Authorizer authorizer, AuthThrottle throttle, Decoy decoy,
                                 List<AuthMethod> methods) {
        this.state = state;
        this.authorizer = authorizer;
        this.throttle = throttle;
        this.decoy = decoy;
        for (AuthMethod m : methods) {
            this.methods.put(m.name(), m);
        }
    }

    @Override
    public AuthOutcome authenticate(AuthRequest request) {
        InetAddress address = request.transport().remote() == null ? null : request.transport().remote().getAddress();
        String realmUri = request.realm().uri();
        RealmSecurity realm = state.realm(realmUri);
        Object rawAuthid = request.hello().details().get("authid");
        String authid = rawAuthid instanceof String s ? s : null;
        String claimed = authid == null ? null : realm.user(authid).map(User::username).orElse(authid);
        if (throttle.isBlocked(address, realmUri, claimed)) {
            return Identities.failed();
        }
        if (!realm.allowConnections()) {
            return new AuthOutcome.Denied(CONNECTIONS_NOT_ALLOWED,
                    "realm " + realmUri + " does not allow connections (allow_connections is false)");
        }
        List<String> candidates = candidates(request, realm);
        if (candidates.isEmpty()) {
            return new AuthOutcome.Denied(WampErrors.NO_MATCHING_AUTH_METHOD,
                    "none of the offered auth methods is allowed in this realm");
        }
        for (String method : candidates) {
            if (AuthMethods.ANONYMOUS.equals(method)) {
                if (!authorizer.isEnforced(request.realm()) || realm.sourceAllows("anonymous", method, address)) {
                    return tracked(address, realmUri, null,
                            methods.get(method).start(new AuthContext(request, realm, null, address)));
                }
                continue;
            }
            Optional<User> user = findUser(realm, authid, method, request);
            if (user.isPresent() && user.get().enabled()
                    && realm.sourceAllows(user.get().username(), canonical(method), address)) {
                return tracked(address, realmUri, user.get().username(),
                        methods.get(method).start(new AuthContext(request, realm, user.get(), address)));
            }
        }
        AuthContext unknown = new AuthContext(request, realm, null, address);
        for (String method : candidates) {
            if (methods.get(method).challenges()) {
                return tracked(address, realmUri, claimed, decoy.challenge(unknown, method));
            }
        }
        throttle.failed(address, realmUri, claimed);
        return Identities.failed();
    }

    private Optional<User> findUser(RealmSecurity realm, String authid, String method, AuthRequest request) {
        if (AuthMethods.TLS.equals(method) && methods.get(method) instanceof TlsMethod tls) {
            // the certificate names the user; an authid in HELLO must agree with it
            String fromCertificate = tls.authid(request.transport());
            if (fromCertificate == null || authid != null && !authid.equals(fromCertificate)) {
                return Optional.empty();
            }
            return realm.user(fromCertificate);
        }
        if (authid != null) {
            return realm.user(authid);
        }
        if (AuthMethods.CRYPTOSIGN.equals(method)) {
            AuthContext probe = new AuthContext(request, realm, null, null);
            String key = CryptosignMethod.pubkey(probe);
            return key == null ? Optional.empty() : realm.userByKey(key);
        }
        return Optional.empty();
    }

    /** The offered methods this router implements and the realm allows, in the client's order. */
    private List<String> candidates(AuthRequest request, RealmSecurity security) {
        List<String> offered = request.hello().authMethods();
        if (offered.isEmpty()) {
            offered = List.of(AuthMethods.ANONYMOUS);
        }
        RealmConfig realm = request.realm();
        List<String> runtime = security.authmethods();
        List<String> out = new ArrayList<>();
        for (String m : offered) {
            boolean allowed = runtime != null ? runtime.contains(canonical(m)) : realm.allows(canonical(m));
            if (methods.containsKey(m) && allowed && !out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    private static String canonical(String method) {
        return ScramMethod.AUTOBAHN_NAME.equals(method) ? AuthMethods.SCRAM : method;
    }

    /**
     * Counts a failure (now or after AUTHENTICATE) against the address and {@code who} (the user tried,
     * null for none); a success takes back what that identity's failures from the address counted.
     */
    private AuthOutcome tracked(InetAddress address, String realm, String who, AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Granted granted) {
            throttle.succeeded(address, realm, granted.identity().authid());
        } else if (outcome instanceof AuthOutcome.Denied) {
            throttle.failed(address, realm, who);
        } else if (outcome instanceof AuthOutcome.Challenge c) {
            return new AuthOutcome.Challenge(c.authMethod(), c.extra(), auth -> {
                if (throttle.isBlocked(address, realm, who)) {
                    return Identities.failed();
                }
                return tracked(address, realm, who, c.next().apply(auth));
            });
        }
        return outcome;
    }
}
