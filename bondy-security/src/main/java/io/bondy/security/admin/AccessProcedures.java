package io.bondy.security.admin;

import static io.bondy.security.admin.AdminHandler.NOTHING;
import static io.bondy.security.admin.AdminHandler.one;

import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.SecurityError;
import io.bondy.security.store.SecurityStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bondy.grant.*}, {@code bondy.realm.grants}, {@code bondy.source.*} and
 * {@code bondy.realm.security.*} ({@code bondy.ticket.*}: {@link TicketProcedures}).
 */
final class AccessProcedures {

    private AccessProcedures() {
    }

    static Map<String, AdminHandler> grants(GrantAdmin grants) {
        Map<String, AdminHandler> p = new LinkedHashMap<>();
        p.put("bondy.grant.create", c -> {
            grants.create(c.realm(0), c.dict(1, "grant"));
            return NOTHING;
        });
        p.put("bondy.grant.revoke", c -> {
            grants.revoke(c.realm(0), c.dict(1, "grant"));
            return NOTHING;
        });
        p.put("bondy.realm.grants", c -> one(grants.realmGrants(c.realm(0))));
        return p;
    }

    /**
     * {@code bondy.rbac.authorize(authid, permission, resource)}: whether a user (or {@code anonymous})
     * of the caller's realm has a permission on a URI, as Bondy answers it: {@code [true]}, or
     * {@code [false]} with kwargs {@code {message}}. Always true where the realm does not enforce security.
     */
    static Map<String, AdminHandler> rbac(io.bondy.security.authz.SecurityState state,
                                          java.util.function.Predicate<String> enforced) {
        Map<String, AdminHandler> p = new LinkedHashMap<>();
        p.put("bondy.rbac.authorize", c -> {
            String realm = c.callerRealm();
            String authid = c.string(0, "authid");
            String permission = c.string(1, "permission");
            String resource = c.string(2, "resource");
            if (realm == null || !enforced.test(realm)) {
                return AdminHandler.one(true);
            }
            io.bondy.security.model.Permission perm;
            try {
                perm = io.bondy.security.model.Permission.of(permission);
            } catch (SecurityError e) {
                return denied(e.getMessage());
            }
            io.bondy.security.authz.RealmSecurity rs = state.realm(realm);
            boolean anonymous = io.bondy.security.authz.RealmSecurity.ANONYMOUS.equals(authid);
            boolean known = anonymous || rs.user(authid).isPresent();
            io.bondy.core.spi.AuthIdentity id = new io.bondy.core.spi.AuthIdentity(authid, null,
                    anonymous ? AuthMethods.ANONYMOUS : null, null, Map.of());
            if (known && io.bondy.security.authz.RbacAuthorizer.isAllowed(rs, id, perm.bit(), resource)) {
                return AdminHandler.one(true);
            }
            return denied("Permission denied. " + (known ? "User" : "Unknown user") + " '" + authid
                    + "' does not have permission '" + permission + "' on '" + resource + "'.");
        });
        return p;
    }

    private static io.bondy.core.message.Payload denied(String message) {
        return io.bondy.core.message.Payload.of(java.util.List.of(false), Map.of("message", message));
    }

    static Map<String, AdminHandler> sources(SourceAdmin sources) {
        Map<String, AdminHandler> p = new LinkedHashMap<>();
        p.put("bondy.source.add", c -> one(sources.add(c.realm(0), c.dict(1, "source"))));
        p.put("bondy.source.delete", c -> {
            if (sources.delete(c.realm(0), c.raw(1, "usernames"), c.string(2, "cidr")) == 0) {
                throw new SecurityError(SecurityError.NOT_FOUND, "no such source");
            }
            return NOTHING;
        });
        p.put("bondy.source.list", c -> one(sources.list(c.realm(0))));
        p.put("bondy.source.get", c -> one(sources.match(c.realm(0), c.string(1, "username"),
                c.optionalString(2, "ip"))));
        p.put("bondy.source.match", c -> one(sources.match(c.realm(0), c.string(1, "username"),
                c.optionalString(2, "ip"))));
        return p;
    }

    static Map<String, AdminHandler> realmSecurity(SecurityStore store) {
        Map<String, AdminHandler> p = new LinkedHashMap<>();
        p.put("bondy.realm.security.enable", c -> setEnabled(store, c.realm(0), true));
        p.put("bondy.realm.security.disable", c -> setEnabled(store, c.realm(0), false));
        return p;
    }

    private static io.bondy.core.message.Payload setEnabled(SecurityStore store, String realm, boolean on) {
        Map<String, Object> settings = new LinkedHashMap<>(store.settings(realm));
        settings.put("security_enabled", on);
        store.putSettings(realm, settings);
        return NOTHING;
    }
}
