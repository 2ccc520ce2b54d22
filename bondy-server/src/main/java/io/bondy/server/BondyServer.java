package io.bondy.server;

import io.bondy.bridge.BridgeProcedures;
import io.bondy.bridge.BrokerBridge;
import io.bondy.bridge.ClientRegistry;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.cluster.ClusterNode;
import io.bondy.cluster.store.StoreConfig;
import io.bondy.cluster.store.RocksDbStore;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.router.Router;
import io.bondy.core.store.Store;
import io.bondy.gateway.oauth2.OAuth2Gateway;
import io.bondy.security.SecurityModule;
import io.bondy.server.admin.AdminHttpServer;
import io.bondy.server.admin.HttpReply;
import io.bondy.server.admin.Readiness;
import io.bondy.server.admin.api.AdminRestApi;
import io.bondy.server.backup.BackupProcedures;
import io.bondy.server.backup.BackupService;
import io.bondy.server.config.ServerConfig;
import io.bondy.server.metrics.Metrics;
import io.bondy.transport.TransportServer;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Bondy node: the store, security, the router and its listeners, wired from a {@link ServerConfig}.
 * Nothing is opened until {@link #start()}; {@link #close()} releases what start opened, in reverse.
 */
public final class BondyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BondyServer.class);

    private final ServerConfig config;
    private final Metrics metrics = new Metrics();
    private final AdminHttpServer admin;
    private final Readiness readiness = new Readiness();
    private volatile AdminRestApi adminApi;
    private volatile Store store;
    private volatile ClusterNode cluster;
    private volatile SecurityModule security;
    private volatile Router router;
    private volatile TransportServer transport;
    private volatile OAuth2Gateway oauth2;
    private volatile BackupService backups;
    private volatile BrokerBridge bridge;
    private volatile Store bridgeSpill;
    private volatile boolean ready;
    private volatile boolean closed;

    public BondyServer(ServerConfig config) {
        this.config = config;
        this.admin = config.admin().enabled()
                ? new AdminHttpServer(config.admin(), adminRoutes(), this::adminApi, metrics.router()) : null;
        readiness.add("store", () -> store != null && !closed);
        readiness.add("wamp_listeners", () -> ready && !closed);
    }

    /**
     * Adds a condition {@code GET /ready} requires (e.g. the cluster module's "joined", when a cluster
     * is configured). Call before or after start.
     */
    public void addReadinessCheck(String name, java.util.function.BooleanSupplier check) {
        readiness.add(name, check);
    }

    /**
     * Opens the store in {@code <platform_data_dir>/store}, bootstraps security (master realm, admin
     * user, provisioning file), then binds every enabled listener. Throws if the store cannot be opened
     * (e.g. another node uses the directory) or a listener cannot bind.
     */
    public synchronized void start() {
        LOG.info("Starting Bondy {} node {} (configuration: {})", Version.current(), config.nodename(),
                config.source());
        store = RocksDbStore.open(config.store(), config.nodename());
        if (config.cluster() != null) {
            cluster = ClusterNode.start(config.cluster(), store); // joins and syncs before security bootstraps
            store = cluster.store();
            ClusterNode joined = cluster;
            readiness.add("cluster", joined::joined); // not ready while out of the cluster
        }
        security = new SecurityModule(store, config.security().settings(), Clock.systemUTC());
        router = new Router(config.router(), security.authenticator(), security.authorizer(), metrics.router());
        if (router.realm(config.security().settings().masterRealm()).isEmpty()) {
            router.addRealm(security.masterRealmConfig());
        }
        security.attach(router);
        if (cluster != null) {
            cluster.attach(router, router.realm(config.security().settings().masterRealm()).orElseThrow().meta());
        }
        security.realms().restore();
        if (cluster != null) {
            security.realms().followReplicatedChanges(); // realms created or deleted on other nodes
        }
        if (config.realms().automaticallyCreateRealms()) {
            router.setUnknownRealmHandler(security.realms()::createOnHello);
        }
        security.bootstrap(config.security().adminPassword(), config.security().adminAuthorizedKeys(),
                config.security().configFile());
        backups = new BackupService(store, config.realms().backupDir(), Clock.systemUTC(),
                () -> security.realms().restore());
        router.realm(config.security().settings().masterRealm())
                .ifPresent(master -> BackupProcedures.register(master.meta(), backups));
        warnAboutDevelopmentRealms();
        startBridge();
        adminApi = new AdminRestApi(router, security, config.security().settings().masterRealm());
        if (admin != null) {
            admin.start();
        }
        FileDescriptorCheck.warnIfAboveLimit(config.transport(), config.admin());
        transport = new TransportServer(config.transport(), router, metrics.router());
        if (config.oauth2() != null) {
            oauth2 = new OAuth2Gateway(config.oauth2(), security.credentials(), security.oauth2());
            transport.withHttpRoutes(oauth2::newHandler);
            warnAboutOAuth2(config.oauth2());
        }
        transport.start();
        ready = true;
        LOG.info("Bondy ready");
    }

    public Router router() {
        return started(router);
    }

    /** The node's durable store. */
    public Store store() {
        return started(store);
    }

    /** The security module (tickets, admin API) of this node. */
    public SecurityModule security() {
        return started(security);
    }

    /** Backups of this node's store ({@code bondy.backup.*}). */
    public BackupService backups() {
        return started(backups);
    }

    public int webSocketPort() {
        return started(transport).webSocketPort();
    }

    public int rawSocketPort() {
        return started(transport).rawSocketPort();
    }

    /** The admin HTTP port; fails if the admin listener is disabled. */
    public int adminPort() {
        if (admin == null) {
            throw new IllegalStateException("the admin HTTP listener is disabled (admin_api.http.enabled)");
        }
        return admin.port();
    }

    /** Ready once the store is open and every listener is up (and every added check holds), until shutdown. */
    public boolean isReady() {
        return readiness.isReady();
    }

    /** This node's cluster membership and replication, if {@code cluster.enabled}. */
    public java.util.Optional<ClusterNode> cluster() {
        return java.util.Optional.ofNullable(cluster);
    }

    /** Graceful shutdown: GOODBYE {@code wamp.close.system_shutdown} to every session, then close. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Shutting down");
        if (transport != null) {
            transport.close(); // stops accepting, says GOODBYE to every session, waits briefly, closes
        }
        if (oauth2 != null) {
            oauth2.close(); // after the transport: no request reaches it any more
        }
        if (bridge != null) {
            bridge.close(); // after the transport: no publication reaches it; what is queued goes to the spill
        }
        if (bridgeSpill != null) {
            bridgeSpill.close();
        }
        if (admin != null) {
            admin.close();
        }
        metrics.close();
        if (cluster != null) {
            cluster.close(); // leaves the cluster, then closes the store
        } else if (store != null) {
            store.close(); // after the transports: nothing writes any more
        }
        LOG.info("Bondy stopped");
    }

    /** The broker bridge of this node (bondy.broker_bridge.*). */
    public BrokerBridge bridge() {
        return started(bridge);
    }

    /**
     * The broker bridge: its clients connect in the background (a broker that is down does not stop the
     * node; {@code /ready} names it: check {@code broker_bridge.<kind>.<name>}), records that do not fit in
     * memory spill to a node-local RocksDB ({@code <platform_data_dir>/bridge_spill}, outside the replicated
     * store: another node must not deliver them), specs live in the replicated store.
     */
    private void startBridge() {
        if (!config.bridge().clients().isEmpty()) {
            bridgeSpill = RocksDbStore.open(new StoreConfig(config.dataDir().resolve("bridge_spill"), false),
                    config.nodename());
        }
        bridge = new BrokerBridge(config.bridge(), ClientRegistry.withBuiltIns(), router, store, bridgeSpill,
                metrics.bridge());
        bridge.start();
        router.realm(config.security().settings().masterRealm())
                .ifPresent(master -> BridgeProcedures.register(master.meta(), bridge));
        for (Map.Entry<String, BrokerClient> e : bridge.clients().entrySet()) {
            BrokerClient client = e.getValue();
            readiness.add("broker_bridge." + e.getKey(), () -> client.health().connected());
        }
    }

    private static <T> T started(T component) {
        if (component == null) {
            throw new IllegalStateException("the node is not started");
        }
        return component;
    }

    private Map<String, Supplier<HttpReply>> adminRoutes() {
        return Map.of(
                "/ping", () -> HttpReply.json(200, "{\"status\":\"pong\"}"),
                "/ready", readiness::reply,
                "/metrics", () -> HttpReply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    }

    private HttpReply adminApi(io.bondy.server.admin.AdminRequest request) {
        AdminRestApi api = adminApi;
        return api == null || closed ? HttpReply.error(503, "bondy.error.unavailable", "the node is not started")
                : api.apply(request);
    }

    private void warnAboutOAuth2(io.bondy.gateway.oauth2.OAuth2Settings settings) {
        if (config.transport().websocket() == null || !config.transport().websocket().enabled()) {
            LOG.warn("api_gateway.oauth2.realm is set but api_gateway.http.enabled is off: no OAuth2 endpoint is served");
        } else if (router.realm(settings.realm()).isEmpty()) {
            LOG.warn("api_gateway.oauth2.realm {} does not exist (yet): its token requests fail until it is created",
                    settings.realm());
        }
    }

    private void warnAboutDevelopmentRealms() {
        for (RealmConfig realm : config.router().realms()) {
            if (realm.allows("anonymous") && !realm.securityEnabled()) {
                LOG.warn("Realm {} is open to ANONYMOUS clients with security disabled. This is a development"
                        + " default: do not expose it to a network you do not trust (see docs/configuration.md).",
                        realm.uri());
            }
        }
    }
}
