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
import io.bondy.gateway.api.ApiGateway;
import io.bondy.gateway.api.ApiGatewayProcedures;
import io.bondy.gateway.api.RouterWampPort;
import io.bondy.gateway.api.SecurityHttpAuthenticator;
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
import io.bondy.server.tls.TlsProcedures;
import io.bondy.transport.TransportServer;
import io.bondy.transport.tls.TlsContext;
import io.bondy.transport.tls.TlsProviders;
import io.bondy.transport.tls.TlsReloader;
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
    private volatile ApiGateway gateway;
    private volatile BackupService backups;
    private volatile BrokerBridge bridge;
    private volatile Store bridgeSpill;
    private final TlsReloader tlsReloader;
    private volatile boolean ready;
    private volatile boolean closed;

    public BondyServer(ServerConfig config) {
        this.config = config;
        this.tlsReloader = new TlsReloader(config.transport().tlsReloadInterval());
        TlsContext adminTls = config.admin().https().enabled()
                ? TlsContext.create("admin_api.https", config.admin().https().tls(),
                        TlsProviders.select(config.transport().tlsProvider()))
                : null;
        this.admin = config.admin().anyEnabled()
                ? new AdminHttpServer(config.admin(), adminRoutes(), this::adminApi, metrics.router(), adminTls) : null;
        if (adminTls != null) {
            tlsReloader.add(adminTls);
        }
        if (config.clusterTls() != null) {
            tlsReloader.add(config.clusterTls()); // cluster.tls: peer certificate, key and CA, reloaded in place
        }
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
        SecurityModule sec = security;
        metrics.counter("bondy.admin.calls.refused", "admin procedure calls refused: the admin workers' queue was full",
                () -> sec.adminWorkers().refused());
        metrics.gauge("bondy.admin.calls.queued", "admin procedure calls waiting for an admin worker",
                () -> sec.adminWorkers().queued());
        router = new Router(config.router(), security.authenticator(), security.authorizer(), metrics.router());
        if (router.realm(config.security().settings().masterRealm()).isEmpty()) {
            router.addRealm(security.masterRealmConfig());
        }
        security.attach(router);
        if (cluster != null) {
            cluster.attach(router, router.realm(config.security().settings().masterRealm()).orElseThrow().meta());
            ClusterNode node = cluster;
            metrics.counter("bondy.cluster.relay.refused", "routing messages to other nodes refused: the relay's"
                    + " send queue was full (cluster.relay_max_queue)", node::relayRefused);
            metrics.counter("bondy.cluster.replication.not_multicast", "store writes not multicast: the replication"
                    + " queue was full (cluster.replication_max_queue); anti-entropy repairs them", node::replicationOverflow);
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
        gateway = new ApiGateway(config.gateway(), store, new RouterWampPort(router),
                new SecurityHttpAuthenticator(security.credentials()), metrics.gateway());
        router.realm(config.security().settings().masterRealm()).ifPresent(master -> {
            ApiGatewayProcedures.register(master.meta(), gateway);
            gateway.publishEventsThrough(master.meta());
        });
        gateway.start(); // serves the stored specs, loads api_gateway.config_file
        router.realm(config.security().settings().masterRealm())
                .ifPresent(master -> TlsProcedures.register(master.meta(), tlsReloader));
        warnAboutDevelopmentRealms();
        startBridge();
        adminApi = new AdminRestApi(router, security, config.security().settings().masterRealm());
        if (admin != null) {
            admin.start();
        }
        FileDescriptorCheck.warnIfAboveLimit(config.transport(), config.admin());
        transport = new TransportServer(config.transport(), router, metrics.router());
        transport.tlsContexts().forEach(tlsReloader::add);
        tlsReloader.start();
        if (config.oauth2() != null) {
            oauth2 = new OAuth2Gateway(config.oauth2(), security.credentials(), security.oauth2());
            transport.withHttpRoutes(oauth2::newHandler);
            warnAboutOAuth2(config.oauth2());
        }
        transport.withHttpRoutes(gateway::newHandler)
                .withMaxHttpRequestBody((int) Math.min(Integer.MAX_VALUE, config.gateway().maxBodyBytes()));
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

    /** The HTTP API gateway of this node. */
    public ApiGateway gateway() {
        return started(gateway);
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

    /** The {@code wss://} port ({@code api_gateway.https}). */
    public int webSocketTlsPort() {
        return started(transport).webSocketTlsPort();
    }

    /** The RawSocket-over-TLS port ({@code wamp.tls}). */
    public int rawSocketTlsPort() {
        return started(transport).rawSocketTlsPort();
    }

    /** The admin HTTPS port; fails if {@code admin_api.https} is off. */
    public int adminTlsPort() {
        if (admin == null) {
            throw new IllegalStateException("the admin HTTPS listener is disabled (admin_api.https.enabled)");
        }
        return admin.tlsPort();
    }

    /** Watches and reloads every TLS listener's certificate files, and the cluster's ({@code cluster.tls}). */
    public TlsReloader tlsReloader() {
        return tlsReloader;
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
        tlsReloader.close();
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
        if (gateway != null) {
            gateway.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (security != null) {
            security.close(); // after the transports and the admin API: no admin call arrives any more
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
