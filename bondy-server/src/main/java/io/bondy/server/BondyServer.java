package io.bondy.server;

import io.bondy.core.router.RealmConfig;
import io.bondy.core.router.Router;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.store.MemoryStore;
import io.bondy.core.store.Store;
import io.bondy.security.SecurityModule;
import java.time.Clock;
import io.bondy.transport.TransportServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Bondy node: the router and its listeners, wired from a {@link ServerConfig}. */
public final class BondyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BondyServer.class);

    private final ServerConfig config;
    private final Store store;
    private final SecurityModule security;
    private final Router router;
    private final TransportServer transport;
    private volatile boolean closed;

    public BondyServer(ServerConfig config) {
        this.config = config;
        // STORE: in memory until the durable RocksDB store (bondy-cluster) is merged; swap this line for it.
        this.store = new MemoryStore(config.nodename());
        this.security = new SecurityModule(store, config.security().settings(), Clock.systemUTC());
        this.router = new Router(config.router(), security.authenticator(), security.authorizer(),
                RouterMetrics.NOOP);
        if (router.realm(config.security().settings().masterRealm()).isEmpty()) {
            router.addRealm(security.masterRealmConfig());
        }
        security.attach(router);
        this.transport = new TransportServer(config.transport(), router);
    }

    /** Binds every enabled listener; throws if one cannot bind. */
    public void start() {
        LOG.info("Starting Bondy {} node {} (configuration: {})", Version.current(), config.nodename(),
                config.source());
        security.bootstrap(config.security().adminPassword(), config.security().configFile());
        warnAboutDevelopmentRealms();
        transport.start();
        LOG.info("Bondy ready");
    }

    public Router router() {
        return router;
    }

    /** The security module (tickets, admin API) of this node. */
    public SecurityModule security() {
        return security;
    }

    public int webSocketPort() {
        return transport.webSocketPort();
    }

    public int rawSocketPort() {
        return transport.rawSocketPort();
    }

    /** Graceful shutdown: GOODBYE {@code wamp.close.system_shutdown} to every session, then close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Shutting down");
        transport.close(); // stops accepting, says GOODBYE to every session, waits briefly, closes
        store.close();
        LOG.info("Bondy stopped");
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
