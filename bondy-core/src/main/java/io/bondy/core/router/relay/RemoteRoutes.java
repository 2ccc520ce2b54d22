package io.bondy.core.router.relay;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.pubsub.Subscription;
import io.bondy.core.router.pubsub.SubscriptionTable;
import io.bondy.core.router.rpc.CallTables;
import io.bondy.core.router.rpc.InvokePolicy;
import io.bondy.core.router.rpc.Registration;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.NodeStub;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.TransportInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes part of {@link ClusterRouting}: this node's routes, announced to the others
 * (refcounted per realm, kind, URI and match), and the other nodes' routes: a copy of each node's
 * announced set (kept also for realms this node does not have, so a realm created here later gets
 * them at once) and the node stubs that stand for them in this node's registration and subscription
 * tables.
 *
 * <p>Threading: announcements and snapshots are made under {@link RelayLink#announceLock}; another
 * node's routes change under that node's {@link RoutingSync.Peer} lock (its messages on the relay's
 * delivery thread, its departure on the view thread, a new realm on any thread).
 */
final class RemoteRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteRoutes.class);

    private final LocalNode local;
    private final RelayLink link;
    /** This node's routes and how many of its sessions hold each. Guarded by the announce lock. */
    private final Map<RelayMessage.Route, Integer> announced = new LinkedHashMap<>();
    /** Other nodes' routes as they announced them, by node. Changed under the node's peer lock. */
    private final Map<String, Set<RelayMessage.Route>> copies = new ConcurrentHashMap<>();
    /** Node stubs by node, then realm. */
    private final Map<String, Map<String, WampSession>> stubs = new ConcurrentHashMap<>();

    RemoteRoutes(LocalNode local, RelayLink link) {
        this.local = local;
        this.link = link;
    }

    /** A local session attached to (uri, match); announced to the cluster if it is the first. */
    void added(WampSession session, String realm, RelayMessage.Kind kind, String uri, MatchPolicy match,
               InvokePolicy invoke) {
        if (!announces(session, kind)) {
            return;
        }
        RelayMessage.Route route = new RelayMessage.Route(realm, kind, uri, match, invoke);
        synchronized (link.announceLock) {
            if (announced.merge(route, 1, Integer::sum) == 1) {
                long seq = link.change(StateHash.of(route));
                link.sendToMembers(new RelayMessage.Routes(link.incarnation, seq, List.of(route), List.of()));
            }
        }
    }

    /** A local session detached from (uri, match); announced if it was the last. */
    void removed(WampSession session, String realm, RelayMessage.Kind kind, String uri, MatchPolicy match,
                 InvokePolicy invoke) {
        if (!announces(session, kind)) {
            return;
        }
        RelayMessage.Route route = new RelayMessage.Route(realm, kind, uri, match, invoke);
        synchronized (link.announceLock) {
            if (!announced.containsKey(route)) {
                return;
            }
            Integer left = announced.computeIfPresent(route, (k, n) -> n == 1 ? null : n - 1);
            if (left == null) {
                long seq = link.change(-StateHash.of(route));
                link.sendToMembers(new RelayMessage.Routes(link.incarnation, seq, List.of(), List.of(route)));
            }
        }
    }

    /**
     * Routes of clients are announced. The router's own registrations are not (every node has its
     * own), nor anything of stubs and proxies (they are other nodes' routes).
     */
    private static boolean announces(WampSession session, RelayMessage.Kind kind) {
        if (session.isNodeStub() || session.isProxy() || session.isNodeLocal()) {
            return false;
        }
        return kind == RelayMessage.Kind.SUBSCRIPTION || !session.isInternal();
    }

    /** This node's complete set of routes. Caller holds the announce lock. */
    List<RelayMessage.Route> mine() {
        return List.copyOf(announced.keySet());
    }

    /** {@code node}'s routes changed: attach its stub to what it added, detach it from what it removed. Peer lock held. */
    void apply(String node, List<RelayMessage.Route> added, List<RelayMessage.Route> removed) {
        Set<RelayMessage.Route> copy = copies.computeIfAbsent(node, n -> ConcurrentHashMap.newKeySet());
        for (RelayMessage.Route route : removed) {
            copy.remove(route);
            WampSession stub = stubs.getOrDefault(node, Map.of()).get(route.realm());
            if (stub != null) {
                detach(stub, route);
            }
        }
        for (RelayMessage.Route route : added) {
            copy.add(route);
            attach(node, route);
        }
    }

    /**
     * {@code node}'s complete set of routes: its stubs end up attached to exactly these (what they
     * hold and the set does not list is detached, whatever this node believed before). Peer lock held.
     */
    void replace(String node, List<RelayMessage.Route> routes) {
        Set<RelayMessage.Route> keep = new HashSet<>(routes);
        for (WampSession stub : List.copyOf(stubs.getOrDefault(node, Map.of()).values())) {
            for (RelayMessage.Route held : routesOf(stub)) {
                if (!keep.contains(held)) {
                    detach(stub, held);
                }
            }
        }
        Set<RelayMessage.Route> copy = ConcurrentHashMap.newKeySet();
        copy.addAll(keep);
        copies.put(node, copy);
        for (RelayMessage.Route route : routes) {
            attach(node, route);
        }
    }

    /** Attaches {@code node}'s stubs to its routes in realm {@code realmUri} (just created here). Peer lock held. */
    void reattach(String node, String realmUri) {
        for (RelayMessage.Route route : copies.getOrDefault(node, Set.of())) {
            if (route.realm().equals(realmUri)) {
                attach(node, route);
            }
        }
    }

    /** The nodes this one holds routes of. */
    Set<String> nodes() {
        return copies.keySet();
    }

    /** {@code node}'s routes as this node has them. */
    Set<RelayMessage.Route> of(String node) {
        return copies.getOrDefault(node, Set.of());
    }

    private void attach(String node, RelayMessage.Route route) {
        WampSession stub = stub(node, route.realm());
        if (stub == null) {
            LOG.debug("Node {} has routes in realm {}, which this node does not have", node, route.realm());
            return;
        }
        LocalRealm realm = local.realm(route.realm());
        if (realm == null) {
            return;
        }
        if (route.kind() == RelayMessage.Kind.REGISTRATION) {
            realm.registrar().attachStub(stub, route.uri(), route.match(), route.invoke());
        } else {
            realm.broker().attachStub(stub, route.uri(), route.match());
        }
    }

    /** Drops every route of {@code node} (it left the view); returns how many there were. Peer lock held. */
    int drop(String node) {
        copies.remove(node);
        Map<String, WampSession> gone = stubs.remove(node);
        int routes = 0;
        if (gone != null) {
            for (WampSession stub : gone.values()) {
                routes += CallTables.registrationsOf(stub).size() + SubscriptionTable.of(stub).size();
                stub.transportClosed();
            }
        }
        return routes;
    }

    int localCount() {
        synchronized (link.announceLock) {
            return announced.size();
        }
    }

    int remoteCount() {
        int remote = 0;
        for (Map<String, WampSession> byRealm : stubs.values()) {
            for (WampSession stub : byRealm.values()) {
                remote += CallTables.registrationsOf(stub).size() + SubscriptionTable.of(stub).size();
            }
        }
        return remote;
    }

    private void detach(WampSession stub, RelayMessage.Route route) {
        LocalRealm realm = local.realm(route.realm());
        if (realm == null) {
            return;
        }
        if (route.kind() == RelayMessage.Kind.REGISTRATION) {
            realm.registrar().detachStub(stub, route.uri(), route.match());
        } else {
            realm.broker().detachStub(stub, route.uri(), route.match());
        }
    }

    private static List<RelayMessage.Route> routesOf(WampSession stub) {
        String realm = stub.realmUri();
        List<RelayMessage.Route> out = new ArrayList<>();
        for (Registration reg : CallTables.registrationsOf(stub)) {
            out.add(new RelayMessage.Route(realm, RelayMessage.Kind.REGISTRATION, reg.procedure(), reg.match(),
                    reg.invoke()));
        }
        for (Subscription sub : SubscriptionTable.of(stub)) {
            out.add(new RelayMessage.Route(realm, RelayMessage.Kind.SUBSCRIPTION, sub.topic(), sub.match(), null));
        }
        return out;
    }

    /** The stub of {@code node} in {@code realmUri}, created on first use; null if the realm is not here. */
    private WampSession stub(String node, String realmUri) {
        LocalRealm realm = local.realm(realmUri);
        if (realm == null) {
            return null;
        }
        Map<String, WampSession> byRealm = stubs.computeIfAbsent(node, n -> new ConcurrentHashMap<>());
        WampSession stub = byRealm.get(realmUri);
        if (stub == null || stub.realm() != realm) {
            stub = new NodeStub(local.host(), new StubPeer(), realm, node, InternalSession.ROUTER_IDENTITY);
            byRealm.put(realmUri, stub);
        }
        return stub;
    }

    /** The transport of a node stub: nothing is ever sent to it (calls and events to it are relayed). */
    private static final class StubPeer implements Peer {

        private static final TransportInfo CLUSTER = new TransportInfo("cluster", null, null);

        @Override
        public void send(WampMessage message) {
            LOG.warn("A node stub was sent {}: dropped", message.type());
        }

        @Override
        public void sendAndClose(WampMessage message) {
            send(message);
        }

        @Override
        public void close() {
            // nothing to close: the stub leaves when its node does
        }

        @Override
        public TransportInfo transport() {
            return CLUSTER;
        }
    }
}
