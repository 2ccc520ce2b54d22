package io.bondy.core.router;

import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.Scheduler;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A routing and administrative domain: its sessions, its broker and its dealer. */
public final class Realm {

    private final RealmConfig config;
    private final Map<Long, WampSession> sessions = new ConcurrentHashMap<>();
    private final Broker broker;
    private final Dealer dealer;
    private volatile InternalSession meta;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<InternalSession> internals = new CopyOnWriteArrayList<>();
    private final ClusterRouting cluster;

    Realm(RealmConfig config, RouterConfig routerConfig, Authorizer authorizer, RouterMetrics metrics, RouterIds ids,
          Scheduler scheduler, ClusterRouting cluster) {
        this.config = config;
        this.cluster = cluster;
        RealmContext context = new RealmContext(config, routerConfig.uriValidation(), authorizer, metrics, cluster);
        this.broker = new Broker(context, ids);
        this.dealer = new Dealer(context, ids, scheduler);
    }

    public String uri() {
        return config.uri();
    }

    public RealmConfig config() {
        return config;
    }

    /** The client sessions joined to this realm (internal sessions excluded). */
    public Collection<WampSession> sessions() {
        return sessions.values();
    }

    /**
     * The realm's own internal session: it registers the realm's meta procedures and publishes its
     * meta events ({@code wamp.session.on_join}, ...).
     */
    public InternalSession meta() {
        return meta;
    }

    void startMeta(InternalSession session) {
        this.meta = session;
        broker.startMeta(session);
        RpcMetaApi.install(this, session);
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

    /** Remembers an internal session joined to this realm, so that {@link #close} ends it. */
    void track(InternalSession session) {
        internals.add(session);
    }

    /** Adds a listener of client sessions joining and leaving (see {@link SessionListener}). */
    public void addSessionListener(SessionListener listener) {
        listeners.add(listener);
    }

    /** The client session {@code id} of this realm, or null. */
    WampSession session(long id) {
        return sessions.get(id);
    }

    /** Cross-node routing, for the cluster-wide meta API. */
    ClusterRouting cluster() {
        return cluster;
    }

    Broker broker() {
        return broker;
    }

    Dealer dealer() {
        return dealer;
    }

    /**
     * Client sessions are listed in {@link #sessions()}; the router's internal sessions, node stubs
     * and proxies are not.
     */
    void join(WampSession session) {
        if (session.isClient()) {
            sessions.put(session.id(), session);
            cluster.sessionJoined(this, session);
            for (SessionListener l : listeners) {
                l.onJoin(session);
            }
        }
    }

    /** Removes everything the session owned: subscriptions, registrations, calls in flight. */
    void leave(WampSession session) {
        boolean client = session.isClient();
        if (!client || sessions.remove(session.id(), session)) {
            broker.removeSession(session);
            dealer.removeSession(session);
            cluster.sessionLeft(this, session);
            if (client) {
                for (SessionListener l : listeners) {
                    l.onLeave(session);
                }
            }
        }
    }
}
