package io.bondy.core.router;

import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.id.RouterIds;
import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Error;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Register;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Yield;
import io.bondy.core.router.authz.RealmContext;
import io.bondy.core.router.meta.MetaApi;
import io.bondy.core.router.pubsub.Broker;
import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.router.relay.LocalRealm;
import io.bondy.core.router.rpc.Dealer;
import io.bondy.core.router.rpc.Registrar;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.SessionListener;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.Scheduler;
import io.bondy.core.thread.SessionThread;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A routing and administrative domain: its sessions, its broker, its registrar and dealer, and its
 * meta API. It puts the routing packages together: an established session's messages go to the
 * broker (PUBLISH, SUBSCRIBE, UNSUBSCRIBE), the registrar (REGISTER, UNREGISTER) or the dealer
 * (CALL, YIELD, ERROR, CANCEL), and other nodes hear of its routes and sessions through the relay.
 *
 * <p>Threading: thread-safe; messages are routed on the sending session's thread.
 */
public final class Realm implements LocalRealm {

    private final RealmConfig config;
    private final Map<Long, WampSession> sessions = new ConcurrentHashMap<>();
    private final Broker broker;
    private final Registrar registrar;
    private final Dealer dealer;
    private volatile InternalSession meta;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<InternalSession> internals = new CopyOnWriteArrayList<>();
    private final ClusterRouting cluster;

    Realm(RealmConfig config, RouterConfig routerConfig, Authorizer authorizer, RouterMetrics metrics, RouterIds ids,
          Scheduler scheduler, ClusterRouting cluster) {
        this.config = config;
        this.cluster = cluster;
        RealmContext context = new RealmContext(config, routerConfig.uriValidation(), routerConfig.limits(),
                authorizer, metrics);
        this.broker = new Broker(context, ids, cluster);
        this.registrar = new Registrar(context, ids);
        this.dealer = new Dealer(context, registrar, scheduler, cluster);
    }

    @Override
    public String uri() {
        return config.uri();
    }

    @Override
    public RealmConfig config() {
        return config;
    }

    @Override
    public Collection<WampSession> sessions() {
        return sessions.values();
    }

    /**
     * The realm's own internal session: it registers the realm's meta procedures and publishes its
     * meta events ({@code wamp.session.on_join}, ...).
     */
    @Override
    public InternalSession meta() {
        return meta;
    }

    /** Starts the meta API on the realm's internal session, then announces routes to other nodes. */
    void startMeta(InternalSession session) {
        this.meta = session;
        MetaApi.install(this, session, cluster);
        registrar.listen(cluster.registrationRoutes(uri()));
        broker.listen(cluster.subscriptionRoutes(uri()));
    }

    /**
     * Stops the realm after the router removed it: its internal sessions (meta API, admin
     * procedures, anything else registered through them) leave. Client sessions are closed by
     * {@link Router#removeRealm} before.
     */
    void close() {
        for (InternalSession s : List.copyOf(internals)) {
            s.leave();
        }
    }

    @Override
    public void track(InternalSession session) {
        internals.add(session);
    }

    @Override
    public void addSessionListener(SessionListener listener) {
        listeners.add(listener);
    }

    @Override
    public WampSession session(long id) {
        return sessions.get(id);
    }

    @Override
    public Broker broker() {
        return broker;
    }

    @Override
    public Registrar registrar() {
        return registrar;
    }

    @Override
    public Dealer dealer() {
        return dealer;
    }

    @Override
    @SessionThread
    public void route(WampSession session, WampMessage message) {
        if (message instanceof Publish m) {
            broker.publish(session, m);
        } else if (message instanceof Call m) {
            dealer.call(session, m);
        } else if (message instanceof Yield m) {
            dealer.yield(session, m);
        } else if (message instanceof Error m) {
            dealer.invocationError(session, m);
        } else if (message instanceof Subscribe m) {
            broker.subscribe(session, m);
        } else if (message instanceof Unsubscribe m) {
            broker.unsubscribe(session, m);
        } else if (message instanceof Register m) {
            registrar.register(session, m);
        } else if (message instanceof Unregister m) {
            registrar.unregister(session, m);
        } else if (message instanceof Cancel m) {
            dealer.cancel(session, m);
        } else {
            session.protocolViolation("a client must not send " + message.type());
        }
    }

    /**
     * Client sessions are listed in {@link #sessions()}; the router's internal sessions, node stubs
     * and proxies are not.
     */
    @Override
    @SessionThread
    public void join(WampSession session) {
        if (session.isClient()) {
            sessions.put(session.id(), session);
            cluster.sessionJoined(uri(), session);
            for (SessionListener l : listeners) {
                l.onJoin(session);
            }
        }
    }

    /** Removes everything the session owned: subscriptions, registrations, calls in flight. */
    @Override
    @SessionThread
    public void leave(WampSession session) {
        boolean client = session.isClient();
        if (!client || sessions.remove(session.id(), session)) {
            broker.removeSession(session);
            registrar.removeSession(session);
            dealer.removeSession(session);
            cluster.sessionLeft(uri(), session);
            if (client) {
                for (SessionListener l : listeners) {
                    l.onLeave(session);
                }
            }
        }
    }
}
