package io.bondy.security.authz;

import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.Grant;
import io.bondy.security.model.Group;
import io.bondy.security.model.Names;
import io.bondy.security.model.Source;
import io.bondy.security.model.User;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consistent, immutable snapshot of one realm's identities, sources and grants, with the
 * derived lookups authentication and authorization need (aliases, nested group closure,
 * per-principal permission indexes, built on first use).
 *
 * <p>Threading: immutable; the lazy caches are concurrent maps.
 */
public final class RealmSecurity {

    /** The principal key of anonymous sessions. */
    public static final String ANONYMOUS = "anonymous";

    private final String realm;
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, String> keys = new HashMap<>();
    private final Map<String, Group> groups = new HashMap<>();
    private final List<Source> sources;
    private final Map<String, List<Grant>> grantsByRole = new HashMap<>();
    private final Boolean securityEnabled;
    private final List<String> authmethods;
    private final boolean allowConnections;
    private final io.bondy.core.config.AuthorizerSettings authorizer;
    private final Map<String, PermissionIndex> effective = new ConcurrentHashMap<>();
    private final String ssoRealmUri;

    public RealmSecurity(String realm, List<User> users, List<Group> groups, List<Source> sources, List<Grant> grants,
                         Boolean securityEnabled) {
        this(realm, users, groups, sources, grants, securityEnabled, null, true, null);
    }

    /**
     * A snapshot with the realm's run-time settings: {@code authmethods} (null to follow the
     * configuration) and whether clients may join at all.
     */
    public RealmSecurity(String realm, List<User> users, List<Group> groups, List<Source> sources, List<Grant> grants,
                         Boolean securityEnabled, List<String> authmethods, boolean allowConnections) {
        this(realm, users, groups, sources, grants, securityEnabled, authmethods, allowConnections, null);
    }

    /** As above, with the dynamic authorizer set through the admin API (null to follow the configuration). */
    public RealmSecurity(String realm, List<User> users, List<Group> groups, List<Source> sources, List<Grant> grants,
                         Boolean securityEnabled, List<String> authmethods, boolean allowConnections,
                         io.bondy.core.config.AuthorizerSettings authorizer) {
        this(realm, users, groups, sources, grants, securityEnabled, authmethods, allowConnections, authorizer, null);
    }

    /** As above, with the SSO realm the realm names (its own or its prototype's), or null. */
    public RealmSecurity(String realm, List<User> users, List<Group> groups, List<Source> sources, List<Grant> grants,
                         Boolean securityEnabled, List<String> authmethods, boolean allowConnections,
                         io.bondy.core.config.AuthorizerSettings authorizer, String ssoRealmUri) {
        this.realm = realm;
        this.ssoRealmUri = ssoRealmUri;
        this.authorizer = authorizer;
        this.authmethods = authmethods == null ? null : List.copyOf(authmethods);
        this.allowConnections = allowConnections;
        for (User u : users) {
            this.users.put(u.username(), u);
            for (String a : u.aliases()) {
                aliases.put(a, u.username());
            }
            for (String k : u.authorizedKeys()) {
                keys.put(k, u.username());
            }
        }
        for (Group g : groups) {
            this.groups.put(g.name(), g);
        }
        this.sources = List.copyOf(sources);
        for (Grant g : grants) {
            grantsByRole.computeIfAbsent(g.role(), r -> new ArrayList<>()).add(g);
        }
        this.securityEnabled = securityEnabled;
    }

    public String realm() {
        return realm;
    }

    /** The realm's security switch as last set at run time, or null to follow the configuration. */
    public Boolean securityEnabled() {
        return securityEnabled;
    }

    /** The auth methods set at run time (API realms, prototypes), or null to follow the configuration. */
    public List<String> authmethods() {
        return authmethods;
    }

    /** The dynamic authorizer set through the admin API (own or prototype's), or null to follow the configuration. */
    public io.bondy.core.config.AuthorizerSettings authorizer() {
        return authorizer;
    }

    /** The SSO realm this realm names ({@code sso_realm_uri}, own or its prototype's), or null. */
    public String ssoRealmUri() {
        return ssoRealmUri;
    }

    /**
     * The realm that authenticates {@code user} here (Bondy's {@code authrealm}): its SSO realm for
     * an SSO user, else this realm.
     */
    public String authrealm(User user) {
        return user.isSsoUser() ? user.ssoRealmUri() : realm;
    }

    /** Whether clients may join the realm ({@code allow_connections}). */
    public boolean allowConnections() {
        return allowConnections;
    }

    /** The user named {@code authid}, by username or alias. */
    public Optional<User> user(String authid) {
        String n = Names.normalize(authid);
        if (n == null) {
            return Optional.empty();
        }
        User u = users.get(n);
        if (u == null && aliases.containsKey(n)) {
            u = users.get(aliases.get(n));
        }
        return Optional.ofNullable(u);
    }

    /** The user holding Ed25519 public key {@code hexKey} (lower-case hex) among its authorized keys. */
    public Optional<User> userByKey(String hexKey) {
        String name = keys.get(hexKey);
        return name == null ? Optional.empty() : Optional.ofNullable(users.get(name));
    }

    public Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** Every group {@code start} reaches through membership (itself excluded), cycles tolerated. */
    public Set<String> groupClosure(List<String> start) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            String g = todo.pop();
            if (seen.add(g)) {
                Group group = groups.get(g);
                if (group != null) {
                    todo.addAll(group.groups());
                }
            }
        }
        return seen;
    }

    /**
     * Whether a source lets {@code username} (or {@code anonymous}) use {@code method} from
     * {@code address}.
     */
    public boolean sourceAllows(String username, String method, InetAddress address) {
        for (Source s : sources) {
            if (s.appliesTo(username) && AuthMethods.expand(s.authmethod()).contains(method)
                    && s.cidr().contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The permissions of user {@code username}, or of anonymous sessions for {@link #ANONYMOUS}. */
    public PermissionIndex permissions(String principal) {
        return effective.computeIfAbsent(principal, this::build);
    }

    private PermissionIndex build(String principal) {
        List<Grant> mine = new ArrayList<>();
        if (ANONYMOUS.equals(principal)) {
            mine.addAll(grantsByRole.getOrDefault(Grant.ANONYMOUS, List.of()));
        } else {
            User u = users.get(principal);
            if (u != null) {
                mine.addAll(grantsByRole.getOrDefault(Grant.ALL, List.of()));
                mine.addAll(grantsByRole.getOrDefault(Grant.userRole(u.username()), List.of()));
                for (String g : groupClosure(u.groups())) {
                    mine.addAll(grantsByRole.getOrDefault(Grant.groupRole(g), List.of()));
                }
            }
        }
        return new PermissionIndex(mine);
    }
}
