package io.bondy.security.realm;

import io.bondy.core.WampErrors;
import io.bondy.core.router.Realm;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.router.Router;
import io.bondy.core.spi.Authorizer;
import io.bondy.security.admin.GrantAdmin;
import io.bondy.security.admin.GroupAdmin;
import io.bondy.security.admin.SecurityEvents;
import io.bondy.security.admin.SourceAdmin;
import io.bondy.security.admin.UserAdmin;
import io.bondy.security.authz.RealmSecurity;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.Fields;
import io.bondy.security.model.SecurityError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Realms as data: creates, updates and deletes the realms defined through the admin API, keeps them
 * in the store ({@link RealmRecords}) and in the router, and recreates them at start.
 *
 * <p>Precedence: a realm of the configuration file (or the provisioning file, or the master realm)
 * is never replaced by a stored one of the same URI; such realms are listed and readable here but
 * changed only in their file (their security switch through {@code bondy.realm.security.*}).
 * Prototypes are stored but never added to the router: clients cannot join them.
 *
 * <p>Threading: thread-safe; writes are serialized on this object.
 */
public final class RealmAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(RealmAdmin.class);
    /** Every method this router implements: the authmethods of a realm that names none. */
    static final List<String> DEFAULT_AUTHMETHODS = List.of(AuthMethods.ANONYMOUS, AuthMethods.TRUST,
            AuthMethods.TICKET, AuthMethods.WAMPCRA, AuthMethods.CRYPTOSIGN, AuthMethods.SCRAM, AuthMethods.OAUTH2);

    private final SecurityState state;
    private final RealmRecords records;
    private final InlineIdentities inline;
    private final SecurityEvents events;
    private final String masterRealm;
    private final Authorizer authorizer;
    private final Router router;
    private final Consumer<Realm> attach;
    /** Realms this class opened from their records (not from the configuration file). */
    private final java.util.Set<String> openedFromStore = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param attach registers the admin procedures in a realm this class adds to the router
     */
    public RealmAdmin(SecurityState state, UserAdmin users, GroupAdmin groups, SourceAdmin sources,
                      GrantAdmin grants, SecurityEvents events, String masterRealm, Authorizer authorizer,
                      Router router, Consumer<Realm> attach) {
        this.state = state;
        this.records = state.records();
        this.inline = new InlineIdentities(users, groups, sources, grants);
        this.events = events;
        this.masterRealm = masterRealm;
        this.authorizer = authorizer;
        this.router = router;
        this.attach = attach;
    }

    /** Whether {@code uri} is a realm of the router or a stored one (e.g. a prototype). */
    public boolean exists(String uri) {
        return router.realm(uri).isPresent() || records.exists(uri);
    }

    /** Adds every stored realm the router does not have yet (at start); returns how many. */
    public synchronized int restore() {
        int added = 0;
        for (RealmDefinition r : records.list()) {
            if (r.isPrototype()) {
                continue;
            }
            if (router.realm(r.uri()).isPresent()) {
                LOG.warn("Stored realm {} is ignored: the configuration defines a realm of that URI", r.uri());
                continue;
            }
            addToRouter(r);
            added++;
        }
        LOG.info("Recreated {} realm(s) from the store", added);
        return added;
    }

    /**
     * Follows realm records written on other nodes of the cluster: a realm created there opens here
     * at once, one deleted there is closed here (its sessions get GOODBYE {@code wamp.close.close_realm}).
     * Call once, after {@link #restore()}. The store calls back on the writer's thread (for a replicated
     * record the cluster's); the work runs on one daemon thread, after the write that caused it.
     */
    public void followReplicatedChanges() {
        java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bondy-realm-follower");
            t.setDaemon(true);
            return t;
        });
        records.onChange(uri -> worker.execute(() -> follow(uri)));
    }

    private synchronized void follow(String uri) {
        Optional<RealmDefinition> record;
        try {
            record = records.get(uri);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring the unreadable realm record of {}: {}", uri, e.toString());
            return;
        }
        boolean open = router.realm(uri).isPresent();
        if (record.isPresent() && !record.get().isPrototype() && !open) {
            addToRouter(record.get());
            LOG.info("Realm {} opened: it was created on another node", uri);
        } else if (record.isEmpty() && open && openedFromStore.remove(uri)) {
            router.removeRealm(uri, WampErrors.CLOSE_REALM, "the realm was deleted");
            LOG.info("Realm {} closed: it was deleted on another node", uri);
        }
    }

    /** {@code bondy.realm.create}: stores the realm, its inline identities, and opens it to clients. */
    public synchronized Map<String, Object> create(Map<String, Object> input) {
        RealmDefinition r = RealmDefinition.parse(input);
        if (exists(r.uri())) {
            throw new SecurityError(SecurityError.ALREADY_EXISTS, "realm '" + r.uri() + "' already exists");
        }
        checkLinks(r);
        records.put(r);
        try {
            inline.apply(r.uri(), input);
        } catch (RuntimeException e) {
            records.purge(r.uri());
            throw e;
        }
        if (!r.isPrototype()) {
            addToRouter(r);
        }
        Map<String, Object> view = view(r.uri());
        events.publish(masterRealm, "bondy.realm.created", List.of(r.uri()));
        return view;
    }

    /** Creates realm {@code uri} with default settings (HELLO to an unknown realm, see automatically_create_realms). */
    public synchronized Optional<Realm> createOnHello(String uri) {
        Optional<Realm> existing = router.realm(uri);
        if (existing.isPresent() || records.exists(uri)) {
            return existing;
        }
        if (!io.bondy.core.uri.UriValidator.STRICT.isValid(uri)) {
            return Optional.empty();
        }
        RealmDefinition r = RealmDefinition.parse(Map.of("uri", uri, "description", "created on HELLO"));
        records.put(r);
        Realm realm = addToRouter(r);
        LOG.info("Realm {} created on HELLO (automatically_create_realms)", uri);
        events.publish(masterRealm, "bondy.realm.created", List.of(uri));
        return Optional.of(realm);
    }

    /** {@code bondy.realm.get}. */
    public Map<String, Object> get(String uri) {
        if (!exists(uri)) {
            throw new SecurityError(SecurityError.NOT_FOUND, "no realm '" + uri + "'");
        }
        return view(uri);
    }

    /** {@code bondy.realm.list}: every realm, stored or configured, in URI order. */
    public List<Map<String, Object>> list() {
        TreeMap<String, Map<String, Object>> all = new TreeMap<>();
        for (Realm r : router.realms()) {
            all.put(r.uri(), view(r.uri()));
        }
        for (RealmDefinition r : records.list()) {
            all.putIfAbsent(r.uri(), view(r.uri()));
        }
        return new ArrayList<>(all.values());
    }

    /** {@code bondy.realm.update}: changes the stored settings; inline identities are added. */
    public synchronized Map<String, Object> update(String uri, Map<String, Object> input) {
        RealmDefinition current = stored(uri);
        RealmDefinition next = current.with(input);
        if (next.isPrototype() != current.isPrototype()) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "is_prototype cannot change after creation");
        }
        checkLinks(next);
        records.put(next);
        if (input.containsKey("security_enabled")) {
            Map<String, Object> settings = new LinkedHashMap<>(state.store().settings(uri));
            settings.put("security_enabled", next.securityEnabled());
            state.store().putSettings(uri, settings);
        }
        inline.apply(uri, input);
        events.publish(uri, "bondy.realm.updated", List.of(uri));
        return view(uri);
    }

    /** As {@link #delete(String, boolean)} with {@code force}. */
    public void delete(String uri) {
        delete(uri, true);
    }

    /**
     * {@code bondy.realm.delete}: closes the realm's sessions (GOODBYE {@code wamp.close.close_realm})
     * and deletes the realm and all its data. As in Bondy, a realm that still has users is refused
     * with {@code bondy.error.active_users} unless {@code force}.
     */
    public synchronized void delete(String uri, boolean force) {
        if (uri.equals(masterRealm)) {
            throw new SecurityError(SecurityError.NOT_AUTHORIZED, "the master realm cannot be deleted");
        }
        RealmDefinition r = stored(uri);
        if (!force && !state.store().users(uri).isEmpty()) {
            throw new SecurityError("bondy.error.active_users", "realm '" + uri + "' has users: delete them first,"
                    + " or call with kwarg force=true");
        }
        List<String> users = new ArrayList<>(records.builtOn(uri));
        users.addAll(records.signingOnWith(uri));
        if (!users.isEmpty()) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "realm '" + uri + "' is in use by " + users
                    + " (as prototype or SSO realm): delete or change those first");
        }
        router.removeRealm(r.uri(), WampErrors.CLOSE_REALM, "the realm was deleted");
        records.purge(uri);
        events.publish(masterRealm, "bondy.realm.deleted", List.of(uri));
        LOG.info("Realm {} deleted", uri);
    }

    /** Whether RBAC applies in the realm now ({@code bondy.realm.security.is_enabled}). */
    public boolean securityEnabled(String uri) {
        Optional<Realm> realm = router.realm(uri);
        if (realm.isPresent()) {
            return authorizer.isEnforced(realm.get().config());
        }
        Boolean b = state.realm(uri).securityEnabled();
        return b == null || b;
    }

    private RealmDefinition stored(String uri) {
        Optional<RealmDefinition> r = records.get(uri);
        if (r.isPresent()) {
            return r.get();
        }
        if (router.realm(uri).isPresent()) {
            throw new SecurityError(SecurityError.NOT_AUTHORIZED, "realm '" + uri
                    + "' is defined by the configuration (or provisioning) file: change it there");
        }
        throw new SecurityError(SecurityError.NOT_FOUND, "no realm '" + uri + "'");
    }

    private void checkLinks(RealmDefinition r) {
        if (r.prototypeUri() != null) {
            if (r.isPrototype()) {
                throw new SecurityError(SecurityError.INVALID_ARGUMENT, "a prototype cannot have a prototype");
            }
            if (records.get(r.prototypeUri()).filter(RealmDefinition::isPrototype).isEmpty()) {
                throw new SecurityError(SecurityError.INVALID_ARGUMENT, "prototype_uri '" + r.prototypeUri()
                        + "' is not a prototype realm");
            }
        }
        if (r.ssoRealmUri() != null) {
            if (r.isSsoRealm()) {
                throw new SecurityError(SecurityError.INVALID_ARGUMENT, "an SSO realm cannot name an SSO realm");
            }
            if (records.get(r.ssoRealmUri()).filter(RealmDefinition::isSsoRealm).isEmpty()) {
                throw new SecurityError(SecurityError.INVALID_ARGUMENT, "sso_realm_uri '" + r.ssoRealmUri()
                        + "' is not an SSO realm (is_sso_realm)");
            }
        }
    }

    private Realm addToRouter(RealmDefinition r) {
        openedFromStore.add(r.uri());
        Realm realm = router.addRealm(new RealmConfig(r.uri(), r.description(),
                r.authmethods() == null ? DEFAULT_AUTHMETHODS : r.authmethods(),
                r.securityEnabled() == null || r.securityEnabled()));
        attach.accept(realm);
        return realm;
    }

    /** Bondy's realm object with the effective (inherited) settings. */
    private Map<String, Object> view(String uri) {
        Optional<RealmDefinition> stored = records.get(uri);
        Optional<Realm> live = router.realm(uri);
        RealmSecurity security = state.realm(uri);
        Map<String, Object> m = new LinkedHashMap<>();
        if (stored.isPresent()) {
            m.putAll(stored.get().toMap());
        } else {
            RealmConfig c = live.orElseThrow().config();
            m.put("uri", uri);
            m.put("description", c.description());
            m.put("is_prototype", false);
            m.put("is_sso_realm", false);
        }
        List<String> methods = security.authmethods() != null ? security.authmethods()
                : live.map(r -> r.config().authmethods()).orElse(DEFAULT_AUTHMETHODS);
        boolean enabled = securityEnabled(uri);
        m.put("authmethods", methods);
        m.put("security_enabled", enabled);
        m.put("security_status", enabled ? "enabled" : "disabled");
        m.put("allow_connections", security.allowConnections());
        AuthorizerFields.KEYS.forEach(m::remove);
        io.bondy.core.config.AuthorizerSettings authz = live.map(r -> authorizer.dynamicAuthorizer(r.config()))
                .orElse(security.authorizer());
        AuthorizerFields.put(m, authz != null && authz.enabled() ? authz : null);
        m.put("persisted", stored.isPresent());
        return m;
    }

    /** The first argument of an update or create that must be a dict. */
    static Map<String, Object> input(Object raw) {
        return Fields.dict(raw, "realm");
    }
}
