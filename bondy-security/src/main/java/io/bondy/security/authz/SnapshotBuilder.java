package io.bondy.security.authz;

import io.bondy.security.model.Group;
import io.bondy.security.model.User;
import io.bondy.security.realm.RealmDefinition;
import io.bondy.security.realm.RealmRecords;
import io.bondy.security.store.SecurityStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a realm's {@link RealmSecurity} from the store, resolving at build time what the realm
 * inherits:
 * <ul>
 *   <li>from its prototype ({@code prototype_uri}): groups (a local group of the same name wins),
 *       sources and grants (added to the local ones), and {@code security_enabled},
 *       {@code allow_connections}, {@code authmethods}, {@code sso_realm_uri} and the dynamic
 *       {@code authorizer} when not set locally. Users are never inherited.</li>
 *   <li>for a local user that names an SSO realm ({@code sso_realm_uri}, Bondy's SSO user): its
 *       credentials and {@code enabled} flag from that realm's record of the same name
 *       ({@link User#resolve(User)}). As in Bondy, a user of the SSO realm without a local record
 *       here is not a user of this realm.</li>
 * </ul>
 * The snapshot records the realms it was built from so that a change to any of them rebuilds it.
 */
final class SnapshotBuilder {

    private final SecurityStore store;
    private final RealmRecords records;

    /** A snapshot and the other realms (prototype, SSO realm) it depends on. */
    record Built(RealmSecurity security, List<String> dependencies) {
    }

    SnapshotBuilder(SecurityStore store, RealmRecords records) {
        this.store = store;
        this.records = records;
    }

    Built build(String realm) {
        Optional<RealmDefinition> own = records.get(realm);
        Optional<RealmDefinition> proto = own.map(RealmDefinition::prototypeUri).flatMap(records::get)
                .filter(RealmDefinition::isPrototype);
        String protoUri = proto.map(RealmDefinition::uri).orElse(null);
        List<String> deps = new ArrayList<>();
        if (protoUri != null) {
            deps.add(protoUri);
        }
        String sso = own.map(RealmDefinition::ssoRealmUri)
                .orElse(proto.map(RealmDefinition::ssoRealmUri).orElse(null));
        List<User> users = resolveSso(store.users(realm), deps);
        Map<String, Group> groups = new LinkedHashMap<>();
        List<io.bondy.security.model.Source> sources = new ArrayList<>();
        List<io.bondy.security.model.Grant> grants = new ArrayList<>();
        if (protoUri != null) {
            store.groups(protoUri).forEach(g -> groups.put(g.name(), g));
            sources.addAll(store.sources(protoUri));
            grants.addAll(store.grants(protoUri));
        }
        store.groups(realm).forEach(g -> groups.put(g.name(), g));
        sources.addAll(store.sources(realm));
        grants.addAll(store.grants(realm));
        Boolean enabled = first(runtimeEnabled(realm), own.map(RealmDefinition::securityEnabled).orElse(null),
                protoUri == null ? null : runtimeEnabled(protoUri),
                proto.map(RealmDefinition::securityEnabled).orElse(null));
        List<String> methods = own.map(RealmDefinition::authmethods)
                .orElse(proto.map(RealmDefinition::authmethods).orElse(null));
        Boolean allow = first(own.map(RealmDefinition::allowConnections).orElse(null),
                proto.map(RealmDefinition::allowConnections).orElse(null));
        io.bondy.core.config.AuthorizerSettings authorizer = own.map(RealmDefinition::authorizer)
                .filter(io.bondy.core.config.AuthorizerSettings::enabled)
                .orElse(proto.map(RealmDefinition::authorizer).orElse(null));
        return new Built(new RealmSecurity(realm, users, List.copyOf(groups.values()), sources, grants, enabled,
                methods, allow == null || allow, authorizer, sso), deps);
    }

    /**
     * The realm's own users, each SSO user ({@code sso_realm_uri} set) resolved against its record in
     * the SSO realm (credentials, enabled); every SSO realm read becomes a dependency.
     */
    private List<User> resolveSso(List<User> own, List<String> deps) {
        List<User> out = new ArrayList<>(own.size());
        Map<String, Map<String, User>> byRealm = new LinkedHashMap<>();
        for (User u : own) {
            if (!u.isSsoUser()) {
                out.add(u);
                continue;
            }
            Map<String, User> ssoUsers = byRealm.computeIfAbsent(u.ssoRealmUri(), r -> {
                if (!deps.contains(r)) {
                    deps.add(r);
                }
                Map<String, User> m = new LinkedHashMap<>();
                store.users(r).forEach(x -> m.put(x.username(), x));
                return m;
            });
            out.add(u.resolve(ssoUsers.get(u.username())));
        }
        return out;
    }

    private Boolean runtimeEnabled(String realm) {
        Object v = store.settings(realm).get("security_enabled");
        return v instanceof Boolean b ? b : null;
    }

    private static Boolean first(Boolean... values) {
        for (Boolean v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
