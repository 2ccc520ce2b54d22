package io.bondy.security.admin;

import io.bondy.security.authz.RealmSecurity;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.Fields;
import io.bondy.security.model.Grant;
import io.bondy.security.model.Names;
import io.bondy.security.model.Permission;
import io.bondy.security.model.Resource;
import io.bondy.security.model.SecurityError;
import io.bondy.security.store.SecurityStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Grants: {@code {permissions, resources, roles}} or {@code {permissions, uri, match, roles}}, as Bondy takes them. Create adds the permissions
 * to each (role, resource) pair; revoke removes them. Both apply to live sessions at once.
 *
 * <p>Threading: thread-safe; writes are serialized on this object.
 */
public final class GrantAdmin {

    private final SecurityState state;
    private final SecurityStore store;

    public GrantAdmin(SecurityState state) {
        this.state = state;
        this.store = state.store();
    }

    public synchronized void create(String realm, Map<String, Object> input) {
        apply(realm, input, true);
    }

    public synchronized void revoke(String realm, Map<String, Object> input) {
        apply(realm, input, false);
    }

    /** Every grant of the realm, one per (role, resource). */
    public List<Map<String, Object>> realmGrants(String realm) {
        return store.grants(realm).stream().map(Grant::toMap).toList();
    }

    /** The grants given to a user directly or to a group, as {@code {permissions, resources}}. */
    public List<Map<String, Object>> roleGrants(String realm, String role) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Grant g : store.grants(realm)) {
            if (g.role().equals(role)) {
                Map<String, Object> m = new java.util.LinkedHashMap<>(g.toMap());
                m.remove("roles");
                out.add(m);
            }
        }
        return out;
    }

    private void apply(String realm, Map<String, Object> input, boolean add) {
        int mask = Permission.mask(Fields.strings(input, "permissions"));
        if (mask == 0) {
            throw new SecurityError(SecurityError.MISSING_REQUIRED_VALUE, "'permissions' is required");
        }
        List<String> roles = roles(state.realm(realm), Fields.strings(input, "roles"));
        Object res = input.get("resources");
        if (res == null && input.containsKey("uri")) {
            // Bondy's first grant form: one resource as top-level uri (and match).
            Map<String, Object> one = new java.util.HashMap<>();
            one.put("uri", input.get("uri"));
            if (input.get("match") != null) {
                one.put("match", input.get("match"));
            }
            res = one;
        }
        List<Object> rawResources = res instanceof List<?> l ? new ArrayList<>(l) : res == null ? List.of() : List.of(res);
        if (rawResources.isEmpty()) {
            throw new SecurityError(SecurityError.MISSING_REQUIRED_VALUE, "'resources' is required");
        }
        List<Resource> resources = rawResources.stream().map(Resource::fromInput).toList();
        for (String role : roles) {
            for (Resource r : resources) {
                Grant fresh = new Grant(role, r, 0);
                int current = store.grant(realm, fresh.key()).map(Grant::permissions).orElse(0);
                int next = add ? current | mask : current & ~mask;
                if (next != current) {
                    store.putGrant(realm, fresh.withPermissions(next));
                }
            }
        }
    }

    /** {@code all}, {@code anonymous}, {@code user/NAME}, {@code group/NAME} or a bare name (user or group). */
    static List<String> roles(RealmSecurity rs, List<String> raw) {
        if (raw.isEmpty()) {
            throw new SecurityError(SecurityError.MISSING_REQUIRED_VALUE, "'roles' is required");
        }
        List<String> out = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String r : raw) {
            String n = Names.normalize(r);
            String role;
            if (Grant.ALL.equals(n) || Grant.ANONYMOUS.equals(n)) {
                role = n;
            } else if (n != null && n.startsWith("user/")) {
                role = rs.user(n.substring(5)).map(u -> Grant.userRole(u.username())).orElse(null);
            } else if (n != null && n.startsWith("group/")) {
                role = rs.group(n.substring(6)).map(g -> Grant.groupRole(g.name())).orElse(null);
            } else {
                boolean user = n != null && rs.user(n).filter(u -> u.username().equals(n)).isPresent();
                boolean group = n != null && rs.group(n).isPresent();
                if (user && group) {
                    throw new SecurityError(SecurityError.INVALID_DATA, "'" + r + "' names both a user and a group:"
                            + " say user/" + n + " or group/" + n);
                }
                role = user ? Grant.userRole(n) : group ? Grant.groupRole(n) : null;
            }
            if (role == null) {
                unknown.add(r);
            } else if (!out.contains(role)) {
                out.add(role);
            }
        }
        if (!unknown.isEmpty()) {
            throw new SecurityError(SecurityError.UNKNOWN_ROLES, "unknown role(s): " + unknown);
        }
        return out;
    }
}
