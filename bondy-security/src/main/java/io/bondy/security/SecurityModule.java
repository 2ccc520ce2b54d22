package io.bondy.security;

import io.bondy.core.message.Payload;
import io.bondy.core.router.Realm;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.router.Router;
import io.bondy.core.spi.Authenticator;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.store.Store;
import io.bondy.security.admin.AdminApi;
import io.bondy.security.admin.AdminWorkers;
import io.bondy.security.admin.GrantAdmin;
import io.bondy.security.admin.GroupAdmin;
import io.bondy.security.admin.SecurityEvents;
import io.bondy.security.admin.SourceAdmin;
import io.bondy.security.admin.UserAdmin;
import io.bondy.security.authn.AnonymousMethod;
import io.bondy.security.authn.AuthThrottle;
import io.bondy.security.authn.CredentialCheck;
import io.bondy.security.authn.CryptosignMethod;
import io.bondy.security.authn.Decoy;
import io.bondy.security.authn.OAuth2Tokens;
import io.bondy.security.authn.ScramMethod;
import io.bondy.security.authn.SecurityAuthenticator;
import io.bondy.security.authn.TicketMethod;
import io.bondy.security.authn.TicketService;
import io.bondy.security.authn.TlsMethod;
import io.bondy.security.authn.TrustMethod;
import io.bondy.security.authn.WampCraMethod;
import io.bondy.security.authz.RbacAuthorizer;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.Fields;
import io.bondy.security.provision.AdminBootstrap;
import io.bondy.security.realm.RealmAdmin;
import io.bondy.security.provision.SecurityProvisioner;
import io.bondy.security.store.SecurityStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The security module assembled: the store-backed {@link Authenticator} and {@link Authorizer} the
 * router is built with, then {@link #attach(Router)} to register the admin procedures in every realm
 * and {@link #bootstrap} to create the master realm's admin and apply a provisioning file.
 */
public final class SecurityModule implements AutoCloseable {

    private final SecuritySettings settings;
    private final SecurityState state;
    private final RbacAuthorizer authorizer;
    private final SecurityAuthenticator authenticator;
    private final TicketService tickets;
    private final UserAdmin users;
    private final GroupAdmin groups;
    private final SourceAdmin sources;
    private final GrantAdmin grants;
    private final CredentialCheck credentials;
    private final OAuth2Tokens oauth2;
    private final AdminWorkers adminWorkers;
    private volatile Router router;
    private volatile RealmAdmin realms;

    public SecurityModule(Store store, SecuritySettings settings, Clock clock) {
        this.settings = settings;
        this.state = new SecurityState(new SecurityStore(store));
        this.authorizer = new RbacAuthorizer(state);
        this.tickets = new TicketService(state.store(), settings.nodename(), settings.ticketExpiry(),
                settings.ticketMaxExpiry(), clock, settings.ticketMaxPerUser());
        Decoy decoy = new Decoy(settings.password());
        AuthThrottle throttle = new AuthThrottle(settings.throttle(), clock);
        this.authenticator = new SecurityAuthenticator(state, authorizer, throttle, decoy, List.of(
                new AnonymousMethod(), new TrustMethod(), new WampCraMethod(decoy), new CryptosignMethod(decoy),
                new ScramMethod(decoy, AuthMethods.SCRAM), new ScramMethod(decoy, ScramMethod.AUTOBAHN_NAME),
                TicketMethod.ticket(tickets), TicketMethod.oauth2(tickets), new TlsMethod(settings.tlsAuthidFrom())));
        SecurityEvents events = this::publish;
        this.users = new UserAdmin(state, settings.password(), events);
        this.groups = new GroupAdmin(state, events);
        this.sources = new SourceAdmin(state, events);
        this.grants = new GrantAdmin(state);
        this.credentials = new CredentialCheck(state, throttle, tickets, settings.password());
        this.oauth2 = new OAuth2Tokens(state, tickets);
        this.adminWorkers = new AdminWorkers(settings.adminThreads(), settings.adminMaxQueued());
    }

    /** The threads of the admin procedures that hash passwords or write the store. */
    public AdminWorkers adminWorkers() {
        return adminWorkers;
    }

    /** Stops the admin workers (the calls already queued still run). Close after the transports. */
    @Override
    public void close() {
        adminWorkers.close();
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public TicketService tickets() {
        return tickets;
    }

    /** OAuth2 access and refresh tokens (the HTTP gateway's token endpoint). */
    public OAuth2Tokens oauth2() {
        return oauth2;
    }

    /** Password and ticket checks for front ends other than the WAMP handshake (admin HTTP API). */
    public CredentialCheck credentials() {
        return credentials;
    }

    /** The configuration of the master realm when the configuration does not define it. */
    public RealmConfig masterRealmConfig() {
        return new RealmConfig(settings.masterRealm(), "Bondy master realm: administrators",
                List.of(AuthMethods.WAMPCRA, AuthMethods.SCRAM, AuthMethods.CRYPTOSIGN, AuthMethods.TICKET), true);
    }

    /** Registers the admin procedures in every realm the router has now. */
    public void attach(Router router) {
        this.router = router;
        this.realms = new RealmAdmin(state, users, groups, sources, grants, this::publish, settings.masterRealm(),
                authorizer, router, this::attachRealm);
        for (Realm realm : router.realms()) {
            attachRealm(realm);
        }
    }

    /** Registers the admin procedures in one realm (call for realms added after {@link #attach}). */
    public void attachRealm(Realm realm) {
        RealmAdmin r = realms;
        AdminApi api = new AdminApi(state, settings.password(), tickets, this::publish, settings.masterRealm(),
                uri -> r != null ? r.exists(uri) : router != null && router.realm(uri).isPresent(),
                uri -> router == null || router.realm(uri).map(x -> authorizer.isEnforced(x.config())).orElse(true),
                adminWorkers);
        (r == null ? api : api.withRealms(r)).registerOn(realm.meta());
    }

    /**
     * Realms as data ({@code bondy.realm.*}): available after {@link #attach}. Call
     * {@link RealmAdmin#restore()} at start to recreate the realms created through the API.
     */
    public RealmAdmin realms() {
        if (realms == null) {
            throw new IllegalStateException("attach(router) first");
        }
        return realms;
    }

    /** As {@link #bootstrap(String, java.util.List, Path)} without cryptosign keys for the admin. */
    public void bootstrap(String adminPassword, Path provisioningFile) {
        bootstrap(adminPassword, java.util.List.of(), provisioningFile);
    }

    /**
     * Creates the admin user (see {@link AdminBootstrap}) and applies {@code provisioningFile} (may be
     * null), creating the realms it names.
     */
    public void bootstrap(String adminPassword, java.util.List<String> adminKeys, Path provisioningFile) {
        new AdminBootstrap(users, sources, grants).ensureAdmin(settings.masterRealm(), adminPassword, adminKeys);
        if (provisioningFile != null) {
            new SecurityProvisioner(users, groups, sources, grants).apply(provisioningFile, this::ensureRealm);
        }
    }

    /**
     * A realm of the provisioning file that does not exist yet: a realm of the file (as before), or,
     * when it uses Bondy's realm settings (SSO, prototypes, {@code allow_connections}), a realm as
     * data created through {@code bondy.realm.create}'s path, stored and kept from then on.
     */
    private void ensureRealm(Map<String, Object> entry) {
        Router r = router;
        String uri = Fields.requiredString(entry, "uri");
        if (r == null || r.realm(uri).isPresent() || (realms != null && realms.exists(uri))) {
            return;
        }
        String description = Fields.string(entry, "description", "");
        if (realms != null && SecurityProvisioner.DATA_KEYS.stream().anyMatch(entry::containsKey)) {
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            for (String k : List.of("uri", "description", "authmethods", "security_enabled")) {
                if (entry.get(k) != null) {
                    data.put(k, entry.get(k));
                }
            }
            for (String k : SecurityProvisioner.DATA_KEYS) {
                if (entry.containsKey(k)) {
                    data.put(k, entry.get(k));
                }
            }
            try {
                realms.create(data);
            } catch (io.bondy.security.model.SecurityError e) {
                if (!io.bondy.security.model.SecurityError.ALREADY_EXISTS.equals(e.uri())) {
                    throw e;
                }
                // created meanwhile by another node applying the same file (clustering)
            }
            return;
        }
        List<String> methods = entry.containsKey("authmethods") ? Fields.strings(entry, "authmethods")
                : List.of(AuthMethods.ANONYMOUS);
        attachRealm(r.addRealm(new RealmConfig(uri, description, methods, Fields.bool(entry, "security_enabled", true))));
    }

    /** Announces a change in the realm it happened in and, when different, in the master realm. */
    private void publish(String realm, String topic, List<Object> args) {
        Router r = router;
        if (r == null) {
            return;
        }
        for (String target : realm.equals(settings.masterRealm()) ? List.of(realm)
                : List.of(realm, settings.masterRealm())) {
            r.realm(target).ifPresent(x -> x.meta().publish(topic, Payload.of(args), Map.of()));
        }
    }
}
