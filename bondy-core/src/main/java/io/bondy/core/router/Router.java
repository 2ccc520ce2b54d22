package io.bondy.core.router;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.id.RouterIds;
import io.bondy.core.router.authz.AuthorizationGate;
import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.router.relay.LocalNode;
import io.bondy.core.router.relay.LocalRealm;
import io.bondy.core.router.session.ClientSession;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.MessageGate;
import io.bondy.core.router.session.RealmHandle;
import io.bondy.core.router.session.SessionHost;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.Authenticator;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.Scheduler;
import io.bondy.core.thread.AnyThread;
import io.bondy.core.uri.UriLimits;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router: the realms, and the entry point transports use to open sessions.
 *
 * <p>Threading: thread-safe. Sessions are driven by their transport's thread; routing runs on
 * that thread and delivers to other sessions through their {@link Peer}.
 */
public final class Router implements SessionHost {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** Who the router's own sessions are. */
    public static final AuthIdentity ROUTER_IDENTITY = InternalSession.ROUTER_IDENTITY;

    private final RouterConfig config;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final RouterMetrics metrics;
    private final Map<String, Realm> realms = new ConcurrentHashMap<>();
    private final Set<WampSession> sessions = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private final RouterIds ids = new RouterIds();
    private final Scheduler scheduler;
    private final ClusterRouting cluster = new ClusterRouting(new LocalNode() {
        @Override
        public LocalRealm realm(String uri) {
            return realms.get(uri);
        }

        @Override
        public Collection<Realm> realms() {
            return realms.values();
        }

        @Override
        public SessionHost host() {
            return Router.this;
        }

        @Override
        public Scheduler scheduler() {
            return scheduler;
        }
    });
    private volatile boolean shuttingDown;
    private volatile java.util.function.Function<String, Optional<Realm>> unknownRealms = x -> Optional.empty();

    public Router(RouterConfig config, Authenticator authenticator, Authorizer authorizer, RouterMetrics metrics) {
        this(config, authenticator, authorizer, metrics, new DaemonScheduler());
    }

    /** A router whose timers (call timeouts) run on {@code scheduler}; the router closes it on shutdown. */
    public Router(RouterConfig config, Authenticator authenticator, Authorizer authorizer, RouterMetrics metrics,
                  Scheduler scheduler) {
        this.scheduler = scheduler;
        this.config = config;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.metrics = metrics;
        for (RealmConfig realm : config.realms()) {
            addRealm(realm);
        }
    }

    /** A router with the development defaults, anonymous access and no metrics (tests, examples). */
    public static Router development() {
        return new Router(RouterConfig.development(), new AnonymousAuthenticator(), Authorizer.ALLOW_ALL,
                RouterMetrics.NOOP);
    }

    @AnyThread
    public Realm addRealm(RealmConfig realmConfig) {
        Realm realm = new Realm(realmConfig, config, authorizer, metrics, ids, scheduler, cluster);
        Realm previous = realms.putIfAbsent(realmConfig.uri(), realm);
        if (previous != null) {
            throw new IllegalArgumentException("realm " + realmConfig.uri() + " already exists");
        }
        realm.startMeta(InternalSession.join(this, realm, ROUTER_IDENTITY));
        cluster.realmAdded(realmConfig.uri()); // other nodes may have announced routes in this realm before it existed here
        LOG.info("Realm {} ready (authmethods {}, security {})", realmConfig.uri(), realmConfig.authmethods(),
                realmConfig.securityEnabled() ? "enabled" : "disabled");
        return realm;
    }

    public Optional<Realm> realm(String uri) {
        return Optional.ofNullable(realms.get(uri));
    }

    /**
     * Removes realm {@code uri}: every client session gets GOODBYE {@code reason} (with
     * {@code message}) and leaves, then the realm's own internal sessions leave. Returns false if
     * there was no such realm. Any thread.
     */
    @AnyThread
    public boolean removeRealm(String uri, String reason, String message) {
        Realm realm = realms.remove(uri);
        if (realm == null) {
            return false;
        }
        int closed = 0;
        for (WampSession session : java.util.List.copyOf(realm.sessions())) {
            if (session.kill(reason, message)) {
                closed++;
            }
        }
        realm.close();
        LOG.info("Realm {} removed ({} session(s) closed: {})", uri, closed, reason);
        return true;
    }

    /**
     * Sets what to do on HELLO to a realm this router does not have: {@code factory} may create it
     * (and return it) or return empty for ABORT {@code wamp.error.no_such_realm} (the default).
     */
    public void setUnknownRealmHandler(java.util.function.Function<String, Optional<Realm>> factory) {
        this.unknownRealms = factory == null ? x -> Optional.empty() : factory;
    }

    @Override
    public Optional<RealmHandle> realmForHello(String uri) {
        Realm realm = realms.get(uri);
        return realm != null ? Optional.of(realm) : unknownRealms.apply(uri).map(r -> r);
    }

    @Override
    public boolean isCurrent(RealmHandle realm) {
        return realms.get(realm.uri()) == realm;
    }

    @Override
    public MessageGate gateFor(ClientSession session) {
        return new AuthorizationGate(scheduler, authorizer, metrics, session);
    }

    public Collection<Realm> realms() {
        return realms.values();
    }

    /**
     * Opens a session for a new transport connection. The transport then feeds it every decoded
     * message and tells it when the connection closes.
     */
    @AnyThread
    public WampSession open(Peer peer) {
        ClientSession session = new ClientSession(this, peer);
        sessions.add(session);
        if (shuttingDown) {
            session.shutdown();
        }
        return session;
    }

    /** Cross-node routing: what the cluster module connects to (idle on a standalone node). */
    public ClusterRouting cluster() {
        return cluster;
    }

    /** Says goodbye ({@code wamp.close.system_shutdown}) to every session. */
    @AnyThread
    public void shutdown() {
        shuttingDown = true;
        LOG.info("Closing {} session(s): {}", sessions.size(), WampErrors.SYSTEM_SHUTDOWN);
        for (WampSession session : sessions) {
            session.shutdown();
        }
        scheduler.close();
    }

    public int sessionCount() {
        return sessions.size();
    }

    @Override
    public void forget(WampSession session) {
        sessions.remove(session);
    }

    @Override
    public long newSessionId() {
        return io.bondy.core.id.IdGenerator.sessionId(random);
    }

    @Override
    public Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public RouterMetrics metrics() {
        return metrics;
    }

    @Override
    public String agent() {
        return config.agent();
    }

    @Override
    public UriLimits uriLimits() {
        return config.limits().uris();
    }
}
