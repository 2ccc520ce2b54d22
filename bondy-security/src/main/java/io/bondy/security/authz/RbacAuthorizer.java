package io.bondy.security.authz;

import io.bondy.core.config.AuthorizerSettings;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.spi.Action;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.SessionInfo;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.Permission;
import io.bondy.security.model.User;
import java.util.Optional;

/**
 * Role-based access control from the identity store: a session may perform an action on a URI when
 * a grant to {@code all} (users only), to {@code anonymous} (anonymous sessions only), to its user or
 * to one of its user's groups (nested) gives the action's permission on a resource matching the URI.
 * The router's own internal sessions are always allowed. Disabled and deleted users are allowed
 * nothing, at once, even in sessions opened before.
 *
 * <p>Threading: any thread; no locks on the path (see {@link SecurityState}).
 */
public final class RbacAuthorizer implements Authorizer {

    private static final int[] BITS = new int[Action.values().length];

    static {
        for (Action a : Action.values()) {
            BITS[a.ordinal()] = Permission.bitOf(a);
        }
    }

    private final SecurityState state;

    public RbacAuthorizer(SecurityState state) {
        this.state = state;
    }

    @Override
    public boolean isEnforced(RealmConfig realm) {
        Boolean runtime = state.realm(realm.uri()).securityEnabled();
        return runtime != null ? runtime : realm.securityEnabled();
    }

    /** The authorizer set through the admin API (the realm's or its prototype's), else the configured one. */
    @Override
    public AuthorizerSettings dynamicAuthorizer(RealmConfig realm) {
        AuthorizerSettings runtime = state.realm(realm.uri()).authorizer();
        return runtime != null ? runtime : realm.authorizer();
    }

    @Override
    public boolean isAllowed(SessionInfo session, Action action, String uri) {
        if ("internal".equals(session.transport().type())) {
            return true;
        }
        AuthIdentity id = session.identity();
        String realm = session.realmUri();
        if (id == null || realm == null) {
            return false;
        }
        return isAllowed(state.realm(realm), id, BITS[action.ordinal()], uri);
    }

    /** The decision for an identity in a realm snapshot (also used by the admin API's checks). */
    public static boolean isAllowed(RealmSecurity realm, AuthIdentity id, int permission, String uri) {
        if (AuthMethods.ANONYMOUS.equals(id.authmethod())) {
            return realm.permissions(RealmSecurity.ANONYMOUS).allows(permission, uri);
        }
        Optional<User> user = realm.user(id.authid());
        return user.isPresent() && user.get().enabled()
                && realm.permissions(user.get().username()).allows(permission, uri);
    }
}
