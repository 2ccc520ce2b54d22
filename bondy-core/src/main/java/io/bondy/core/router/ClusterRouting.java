package io.bondy.core.router;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Dicts;
import io.bondy.core.message.Error;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.spi.ClusterRelay;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.TransportInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This router's part of cross-node routing. Each node keeps, next to its own sessions, a
 * <em>node stub</em> per (other node, realm) in its routing tables: a stand-in session attached to
 * every registration and subscription the other node has announced. So the dealer and broker choose
 * between local sessions and other nodes with their usual rules (match precedence, invocation
 * policies), and:
 *
 * <ul>
 *   <li>a CALL whose chosen callee is a stub is forwarded to that node, which runs it for a
 *       <em>proxy</em> of the caller (a session standing for it there) with its own local callees
 *       only; RESULT and ERROR come back to the caller. Progressive calls and CANCEL follow the same
 *       way; timeouts run on the callee's node;</li>
 *   <li>a PUBLISH is fanned out locally and sent once to each node with a matching stub
 *       subscription, which fans it out to its own subscribers (never further);</li>
 *   <li>each node announces its own routes (refcounted per realm, kind, URI, match) when they
 *       appear and go, and sends its complete set when a member joins;</li>
 *   <li>when a member leaves the view, its stubs leave (its routes go at once), the calls it was
 *       running for local callers fail with {@code wamp.error.canceled}, and the proxies of its
 *       callers leave (their calls in flight here are interrupted).</li>
 * </ul>
 *
 * <p>Standalone (no {@link ClusterRelay} connected) it only counts the local routes.
 *
 * <p>Threading: thread-safe. Inbound messages from one node are handled one at a time, in the order
 * sent ({@link ClusterRelay}); route announcements are sent under one lock, so a snapshot and the
 * changes around it reach every member in a consistent order.
 */
public final class ClusterRouting {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRouting.class);
    /** Topics of events each node publishes about its own view: never relayed. */
    private static final String NODE_LOCAL_TOPICS = "bondy.cluster.";
    /** How long the meta API waits for other nodes' answers unless {@link #connect} says otherwise. */
    public static final java.time.Duration DEFAULT_QUERY_TIMEOUT = java.time.Duration.ofSeconds(2);

    private final Router router;
    private volatile ClusterRelay relay;
    /** This node's routes and how many of its sessions hold each. Guarded by itself. */
    private final Map<RelayMessage.Route, Integer> announced = new LinkedHashMap<>();
    /** Node stubs by node, then realm. */
    private final Map<String, Map<String, WampSession>> stubs = new ConcurrentHashMap<>();
    /** Proxies of other nodes' callers, by node, then session id. */
    private final Map<String, Map<Long, WampSession>> proxies = new ConcurrentHashMap<>();
    /** Local sessions that forwarded calls, by session id, with the nodes that hold proxies for them. */
    private final Map<Long, Forwarder> forwarders = new ConcurrentHashMap<>();
    /** Other nodes' client sessions (for the Session Meta API), by node, then session id. */
    private final Map<String, Map<Long, RelayMessage.SessionEntry>> remoteSessions = new ConcurrentHashMap<>();
    /** Meta API questions to other nodes waiting for answers, by query id. */
    private final Map<Long, Gathering> queries = new ConcurrentHashMap<>();
    private final AtomicLong queryIds = new AtomicLong();
    private volatile java.time.Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private final AtomicLong forwardedCalls = new AtomicLong();
    private final AtomicLong relayedPublications = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    /**
     * A local session that forwarded calls: the nodes holding a proxy of it, its CALLs in flight
     * elsewhere (by request id, for a retry), and the request ids already retried once.
     */
    private record Forwarder(WampSession session, Set<String> nodes, Map<Long, Call> calls, Set<Long> retried) {

        Forwarder(WampSession session) {
            this(session, ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet());
        }

        void forget(long requestId) {
            calls.remove(requestId);
            retried.remove(requestId);
        }
    }

    /** One meta API question to several nodes: the ids gathered so far and who has not answered. */
    private record Gathering(Set<String> waiting, List<Long> sessions, java.util.concurrent.CompletableFuture<List<Long>> done) {

        /** Completes with what has arrived once nobody is left to wait for (or {@code force}). */
        synchronized void completeIf(boolean force) {
            if (force || waiting.isEmpty()) {
                done.complete(List.copyOf(sessions));
            }
        }
    }

    ClusterRouting(Router router) {
        this.router = router;
    }

    /**
     * Starts cross-node routing through {@code relay}: sends this node's routes to every member and
     * asks for theirs. Messages received before this are dropped (the request makes up for them).
     */
    public void connect(ClusterRelay relay) {
        connect(relay, DEFAULT_QUERY_TIMEOUT);
    }

    /**
     * As {@link #connect(ClusterRelay)}; the meta API waits at most {@code queryTimeout} for other
     * nodes' answers ({@code wamp.registration.list_callees}, ...), then answers with what it has.
     */
    public void connect(ClusterRelay relay, java.time.Duration queryTimeout) {
        this.queryTimeout = queryTimeout;
        this.relay = relay;
        synchronized (announced) {
            relay.sendToAll(RelayMessage.encode(snapshot()));
            relay.sendToAll(RelayMessage.encode(sessionSnapshot()));
        }
        relay.sendToAll(RelayMessage.encode(new RelayMessage.RoutesRequest()));
        LOG.info("Cross-node routing started on node {}", relay.localNode());
    }

    /** Whether a relay is connected (this node is clustered). */
    public boolean isConnected() {
        return relay != null;
    }

    /** A member joined the view: it gets this node's routes. JGroups view thread. */
    public void memberJoined(String node) {
        ClusterRelay r = relay;
        if (r != null) {
            synchronized (announced) {
                r.send(node, RelayMessage.encode(snapshot()));
                r.send(node, RelayMessage.encode(sessionSnapshot()));
            }
        }
    }

    /**
     * A member left the view: its routes go, calls it was running for local callers fail, calls its
     * callers made here are interrupted. JGroups view thread.
     */
    public void memberLeft(String node) {
        Map<Long, RelayMessage.SessionEntry> sessionsGone = remoteSessions.remove(node);
        Map<String, WampSession> gone = stubs.remove(node);
        int routes = 0;
        if (gone != null) {
            for (WampSession stub : gone.values()) {
                routes += stub.registrations().size() + stub.subscriptions().size();
                stub.transportClosed();
            }
        }
        Map<Long, WampSession> callers = proxies.remove(node);
        if (callers != null) {
            callers.values().forEach(WampSession::transportClosed);
        }
        int failed = 0;
        for (Forwarder f : forwarders.values()) {
            f.nodes().remove(node);
            for (Map.Entry<Long, String> call : List.copyOf(f.session().remoteCalls().entrySet())) {
                if (node.equals(call.getValue()) && f.session().remoteCalls().remove(call.getKey(), node)) {
                    f.forget(call.getKey());
                    failed++;
                    f.session().send(new Error(MessageType.CALL.code(), call.getKey(), Map.of(), WampErrors.CANCELED,
                            Payload.of(List.of("the callee's node " + node + " left the cluster"))));
                }
            }
        }
        for (Gathering g : queries.values()) {
            synchronized (g) {
                if (g.waiting().remove(node)) {
                    g.completeIf(false);
                }
            }
        }
        if (sessionsGone != null || gone != null || callers != null || failed > 0) {
            LOG.info("Node {} left: dropped its {} route(s), failed {} call(s) in flight to it, ended {} proxied"
                    + " caller(s)", node, routes, failed, callers == null ? 0 : callers.size());
        }
    }

    /**
     * Undoes what a message from {@code node} set up if the node has left the view meanwhile: the view
     * changes before {@link #memberLeft} runs, so either that call or this one sees what the other
     * added, and nothing of a departed node stays behind.
     */
    private void dropIfGone(String node) {
        ClusterRelay r = relay;
        if (r != null && !r.isMember(node)) {
            memberLeft(node);
        }
    }

    /** Handles one message from {@code node}. The relay's delivery thread, one message of a node at a time. */
    public void receive(String node, byte[] bytes) {
        if (relay == null) {
            return; // not connected yet: connect() asks every member for its routes
        }
        RelayMessage message;
        try {
            message = RelayMessage.decode(bytes);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an undecodable routing message from {}: {}", node, e.toString());
            return;
        }
        received.incrementAndGet();
        if (message instanceof RelayMessage.Forward f) {
            onForward(node, f);
            dropIfGone(node);
        } else if (message instanceof RelayMessage.Deliver d) {
            onDeliver(node, d);
        } else if (message instanceof RelayMessage.Publication p) {
            router.realm(p.realm()).ifPresent(realm -> realm.broker().publishRelayed(p));
        } else if (message instanceof RelayMessage.SessionGone g) {
            Map<Long, WampSession> byId = proxies.get(node);
            WampSession proxy = byId == null ? null : byId.remove(g.sessionId());
            if (proxy != null) {
                proxy.transportClosed();
            }
        } else if (message instanceof RelayMessage.Routes r) {
            onRoutes(node, r);
            dropIfGone(node);
        } else if (message instanceof RelayMessage.RoutesRequest) {
            memberJoined(node);
        } else if (message instanceof RelayMessage.Sessions ss) {
            onSessions(node, ss);
            dropIfGone(node);
        } else if (message instanceof RelayMessage.Query q) {
            send(node, new RelayMessage.QueryReply(q.queryId(), localSessions(q.route())));
        } else if (message instanceof RelayMessage.QueryReply r) {
            onQueryReply(node, r);
        } else if (message instanceof RelayMessage.Kill k) {
            router.realm(k.realm()).map(realm -> realm.session(k.sessionId()))
                    .ifPresent(session -> session.kill(k.reason(), k.message()));
        }
    }

    /** What {@code bondy.cluster.info} and tests report. */
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        synchronized (announced) {
            out.put("local_routes", announced.size());
        }
        int remote = 0;
        for (Map<String, WampSession> byRealm : stubs.values()) {
            for (WampSession stub : byRealm.values()) {
                remote += stub.registrations().size() + stub.subscriptions().size();
            }
        }
        out.put("remote_routes", remote);
        out.put("forwarded_calls", forwardedCalls.get());
        out.put("relayed_publications", relayedPublications.get());
        out.put("messages_received", received.get());
        out.put("proxied_callers", proxies.values().stream().mapToInt(Map::size).sum());
        out.put("remote_sessions", remoteSessions.values().stream().mapToInt(Map::size).sum());
        return out;
    }

    /** Asks every member for its routes again (a realm was created here after they announced). */
    void requestRoutes() {
        ClusterRelay r = relay;
        if (r != null) {
            r.sendToAll(RelayMessage.encode(new RelayMessage.RoutesRequest()));
        }
    }

    // ---- this node's routes ----

    /** A local session attached to (uri, match); announced to the cluster if it is the first. */
    void routeAdded(WampSession session, String realm, RelayMessage.Kind kind, String uri, MatchPolicy match,
                    InvokePolicy invoke) {
        if (!announces(session, kind)) {
            return;
        }
        RelayMessage.Route route = new RelayMessage.Route(realm, kind, uri, match, invoke);
        synchronized (announced) {
            if (announced.merge(route, 1, Integer::sum) == 1) {
                sendToAll(new RelayMessage.Routes(false, List.of(route), List.of()));
            }
        }
    }

    /** A local session detached from (uri, match); announced if it was the last. */
    void routeRemoved(WampSession session, String realm, RelayMessage.Kind kind, String uri, MatchPolicy match,
                      InvokePolicy invoke) {
        if (!announces(session, kind)) {
            return;
        }
        RelayMessage.Route route = new RelayMessage.Route(realm, kind, uri, match, invoke);
        synchronized (announced) {
            Integer left = announced.computeIfPresent(route, (k, n) -> n == 1 ? null : n - 1);
            if (left == null) {
                sendToAll(new RelayMessage.Routes(false, List.of(), List.of(route)));
            }
        }
    }

    /**
     * Routes of clients are announced. The router's own registrations are not (every node has its
     * own), nor anything of stubs and proxies (they are other nodes' routes).
     */
    private static boolean announces(WampSession session, RelayMessage.Kind kind) {
        if (session.isNodeStub() || session.isProxy()) {
            return false;
        }
        return kind == RelayMessage.Kind.SUBSCRIPTION || !session.isInternal();
    }

    /** Caller holds {@code announced}. */
    private RelayMessage.Routes snapshot() {
        return new RelayMessage.Routes(true, List.copyOf(announced.keySet()), List.of());
    }

    private void onRoutes(String node, RelayMessage.Routes routes) {
        Set<RelayMessage.Route> keep = routes.snapshot() ? new HashSet<>(routes.added()) : null;
        if (keep != null) {
            for (WampSession stub : stubsOf(node)) {
                for (RelayMessage.Route held : routesOf(stub)) {
                    if (!keep.contains(held)) {
                        detach(stub, held);
                    }
                }
            }
        }
        for (RelayMessage.Route route : routes.removed()) {
            WampSession stub = stubs.getOrDefault(node, Map.of()).get(route.realm());
            if (stub != null) {
                detach(stub, route);
            }
        }
        for (RelayMessage.Route route : routes.added()) {
            WampSession stub = stub(node, route.realm());
            if (stub == null) {
                LOG.debug("Node {} has routes in realm {}, which this node does not have", node, route.realm());
                continue;
            }
            Realm realm = router.realm(route.realm()).orElseThrow();
            if (route.kind() == RelayMessage.Kind.REGISTRATION) {
                realm.dealer().attachStub(stub, route.uri(), route.match(), route.invoke());
            } else {
                realm.broker().attachStub(stub, route.uri(), route.match());
            }
        }
    }

    private void detach(WampSession stub, RelayMessage.Route route) {
        router.realm(route.realm()).ifPresent(realm -> {
            if (route.kind() == RelayMessage.Kind.REGISTRATION) {
                realm.dealer().detachStub(stub, route.uri(), route.match());
            } else {
                realm.broker().detachStub(stub, route.uri(), route.match());
            }
        });
    }

    private static List<RelayMessage.Route> routesOf(WampSession stub) {
        String realm = stub.realmUri();
        List<RelayMessage.Route> out = new ArrayList<>();
        for (Registration reg : stub.registrations()) {
            out.add(new RelayMessage.Route(realm, RelayMessage.Kind.REGISTRATION, reg.procedure(), reg.match(),
                    reg.invoke()));
        }
        for (Subscription sub : stub.subscriptions()) {
            out.add(new RelayMessage.Route(realm, RelayMessage.Kind.SUBSCRIPTION, sub.topic(), sub.match(), null));
        }
        return out;
    }

    private Collection<WampSession> stubsOf(String node) {
        return List.copyOf(stubs.getOrDefault(node, Map.of()).values());
    }

    /** The stub of {@code node} in {@code realmUri}, created on first use; null if the realm is not here. */
    private WampSession stub(String node, String realmUri) {
        Realm realm = router.realm(realmUri).orElse(null);
        if (realm == null) {
            return null;
        }
        Map<String, WampSession> byRealm = stubs.computeIfAbsent(node, n -> new ConcurrentHashMap<>());
        WampSession stub = byRealm.get(realmUri);
        if (stub == null || stub.realm() != realm) {
            stub = router.openNodeStub(realm, node, new StubPeer());
            byRealm.put(realmUri, stub);
        }
        return stub;
    }

    // ---- sessions (for the Session Meta API) ----

    /** A client joined a realm here: the other nodes list it. */
    void sessionJoined(Realm realm, WampSession session) {
        if (relay == null) {
            return;
        }
        RelayMessage.SessionEntry entry = new RelayMessage.SessionEntry(realm.uri(), SessionMetaApi.details(session));
        synchronized (announced) {
            sendToAll(new RelayMessage.Sessions(false, List.of(entry), List.of()));
        }
    }

    /** The client sessions of other nodes in {@code realm}: their Session Meta API details. */
    List<Map<String, Object>> remoteSessions(String realm) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<Long, RelayMessage.SessionEntry> byId : remoteSessions.values()) {
            for (RelayMessage.SessionEntry e : byId.values()) {
                if (e.realm().equals(realm)) {
                    out.add(e.details());
                }
            }
        }
        return out;
    }

    /** The details of another node's client session {@code id} of {@code realm}, or null. */
    Map<String, Object> remoteSession(String realm, long id) {
        for (Map<Long, RelayMessage.SessionEntry> byId : remoteSessions.values()) {
            RelayMessage.SessionEntry e = byId.get(id);
            if (e != null && e.realm().equals(realm)) {
                return e.details();
            }
        }
        return null;
    }

    /** The node of another node's client session {@code id} of {@code realm}, or null. */
    String nodeOfSession(String realm, long id) {
        for (Map.Entry<String, Map<Long, RelayMessage.SessionEntry>> byNode : remoteSessions.entrySet()) {
            RelayMessage.SessionEntry e = byNode.getValue().get(id);
            if (e != null && e.realm().equals(realm)) {
                return byNode.getKey();
            }
        }
        return null;
    }

    /** Asks {@code node} to kill its session {@code id} ({@code wamp.session.kill} of another node's session). */
    boolean forwardKill(String node, String realm, long id, String reason, String message) {
        return send(node, new RelayMessage.Kill(realm, id, reason, message));
    }

    // ---- meta API questions ----

    /**
     * The session ids other nodes have attached to (uri, match) of {@code realm}: the callees of a
     * registration or the subscribers of a subscription, as {@code nodes} answer within the query
     * timeout (a node that does not answer in time, or leaves, is left out).
     */
    java.util.concurrent.CompletableFuture<List<Long>> gather(String realm, RelayMessage.Kind kind, String uri,
                                                              MatchPolicy match, Collection<String> nodes) {
        java.util.concurrent.CompletableFuture<List<Long>> done = new java.util.concurrent.CompletableFuture<>();
        if (nodes.isEmpty() || relay == null) {
            done.complete(List.of());
            return done;
        }
        long id = queryIds.incrementAndGet();
        Gathering g = new Gathering(new HashSet<>(nodes), new ArrayList<>(), done);
        queries.put(id, g);
        done.whenComplete((r, e) -> queries.remove(id));
        RelayMessage.Route route = new RelayMessage.Route(realm, kind, uri, match, null);
        for (String node : nodes) {
            if (!send(node, new RelayMessage.Query(id, route))) {
                synchronized (g) {
                    g.waiting().remove(node);
                }
            }
        }
        synchronized (g) {
            g.completeIf(false);
        }
        if (!done.isDone()) {
            router.scheduler().schedule(queryTimeout, () -> {
                synchronized (g) {
                    g.completeIf(true);
                }
            });
        }
        return done;
    }

    private void onQueryReply(String node, RelayMessage.QueryReply r) {
        Gathering g = queries.get(r.queryId());
        if (g != null) {
            synchronized (g) {
                if (g.waiting().remove(node)) {
                    g.sessions().addAll(r.sessions());
                    g.completeIf(false);
                }
            }
        }
    }

    /** This node's sessions on a route (the answer to another node's {@link RelayMessage.Query}). */
    private List<Long> localSessions(RelayMessage.Route route) {
        Realm realm = router.realm(route.realm()).orElse(null);
        if (realm == null) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        if (route.kind() == RelayMessage.Kind.REGISTRATION) {
            Registration reg = realm.dealer().registrations().lookup(route.uri(), route.match());
            if (reg != null) {
                reg.localCallees().forEach(c -> ids.add(c.session().id()));
            }
        } else {
            Subscription sub = realm.broker().subscription(route.uri(), route.match());
            if (sub != null) {
                sub.subscribers().forEach(s -> ids.add(s.id()));
            }
        }
        return ids;
    }

    /** Caller holds {@code announced}. */
    private RelayMessage.Sessions sessionSnapshot() {
        List<RelayMessage.SessionEntry> all = new ArrayList<>();
        for (Realm realm : router.realms()) {
            for (WampSession s : realm.sessions()) {
                all.add(new RelayMessage.SessionEntry(realm.uri(), SessionMetaApi.details(s)));
            }
        }
        return new RelayMessage.Sessions(true, all, List.of());
    }

    private void onSessions(String node, RelayMessage.Sessions ss) {
        Map<Long, RelayMessage.SessionEntry> byId = remoteSessions.computeIfAbsent(node, n -> new ConcurrentHashMap<>());
        if (ss.snapshot()) {
            byId.clear();
        }
        ss.left().forEach(byId::remove);
        ss.joined().forEach(e -> byId.put(e.id(), e));
    }

    // ---- calls ----

    /**
     * Forwards {@code caller}'s CALL to {@code node}; false (and nothing is tracked) if the node is
     * unreachable. The caller's thread.
     */
    boolean forwardCall(Realm realm, WampSession caller, Call call, String node) {
        caller.remoteCalls().put(call.requestId(), node);
        Forwarder f = forwarders.computeIfAbsent(caller.id(), id -> new Forwarder(caller));
        f.nodes().add(node);
        f.calls().put(call.requestId(), call);
        if (!send(node, new RelayMessage.Forward(realm.uri(), origin(caller), call))) {
            caller.remoteCalls().remove(call.requestId(), node);
            f.forget(call.requestId());
            return false;
        }
        forwardedCalls.incrementAndGet();
        return true;
    }

    /** Forwards a CANCEL or a progressive CALL continuation to where the call runs. The caller's thread. */
    void forwardFollowUp(Realm realm, WampSession caller, WampMessage message, String node) {
        send(node, new RelayMessage.Forward(realm.uri(), origin(caller), message));
    }

    private static RelayMessage.Origin origin(WampSession caller) {
        return new RelayMessage.Origin(caller.id(), caller.identity(), caller.transport().type(), caller.callerRoles());
    }

    private void onForward(String node, RelayMessage.Forward f) {
        Realm realm = router.realm(f.realm()).orElse(null);
        if (realm == null) {
            if (f.message() instanceof Call call) {
                send(node, new RelayMessage.Deliver(f.origin().sessionId(), new Error(MessageType.CALL.code(),
                        call.requestId(), Map.of(), WampErrors.NO_SUCH_PROCEDURE,
                        Payload.of(List.of("realm '" + f.realm() + "' does not exist on node " + localNode())))));
            }
            return;
        }
        WampSession proxy = proxies.computeIfAbsent(node, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(f.origin().sessionId(),
                        id -> router.openProxy(realm, node, f.origin(), new RelayPeer(node, id, f.origin().transport())));
        if (f.message() instanceof Call call) {
            realm.dealer().call(proxy, call);
        } else if (f.message() instanceof Cancel cancel) {
            realm.dealer().cancel(proxy, cancel);
        }
    }

    private void onDeliver(String node, RelayMessage.Deliver d) {
        Forwarder f = forwarders.get(d.sessionId());
        if (f == null) {
            return; // the caller left
        }
        WampSession caller = f.session();
        WampMessage m = d.message();
        if (m instanceof Result r && Dicts.bool(r.details(), "progress", false)) {
            if (node.equals(caller.remoteCalls().get(r.requestId()))) {
                caller.send(r);
            }
        } else if (m instanceof Result r) {
            if (caller.remoteCalls().remove(r.requestId(), node)) {
                f.forget(r.requestId());
                caller.send(r);
            }
        } else if (m instanceof Error e) {
            if (caller.remoteCalls().remove(e.requestId(), node) && !retried(f, e)) {
                f.forget(e.requestId());
                caller.send(e);
            }
        } else if (m instanceof Abort a) {
            caller.abortFromRelay(a);
        }
    }

    /**
     * A forwarded call that found no callee on its node (the callee left as the CALL travelled, e.g.
     * during a graceful shutdown) is routed once more: that node announced the route's removal before
     * it answered, so the new choice is among the callees left. Not for progressive invocations
     * (their later chunks went to the first node). Returns whether the call was routed again.
     */
    private boolean retried(Forwarder f, Error e) {
        Call original = f.calls().get(e.requestId());
        if (!WampErrors.NO_SUCH_PROCEDURE.equals(e.error()) || original == null
                || Dicts.bool(original.options(), "progress", false) || !f.retried().add(e.requestId())) {
            return false;
        }
        f.calls().remove(e.requestId());
        WampSession caller = f.session();
        caller.realm().dealer().call(caller, original);
        if (!caller.remoteCalls().containsKey(e.requestId())) {
            f.retried().remove(e.requestId()); // answered here or routed to a local callee: nothing to remember
        }
        return true;
    }

    /** A session of this realm left: end what it had on other nodes, or what it stood for here. */
    void sessionLeft(Realm realm, WampSession session) {
        if (relay != null && session.isClient()) {
            synchronized (announced) {
                sendToAll(new RelayMessage.Sessions(false, List.of(), List.of(session.id())));
            }
        }
        if (session.isProxy()) {
            Map<Long, WampSession> byId = proxies.get(session.node());
            if (byId != null) {
                byId.remove(session.id(), session);
            }
            return;
        }
        Forwarder f = forwarders.remove(session.id());
        if (f == null || f.session() != session) {
            return;
        }
        session.remoteCalls().clear();
        for (String node : f.nodes()) {
            send(node, new RelayMessage.SessionGone(realm.uri(), session.id()));
        }
    }

    // ---- publications ----

    /** Whether a publication of {@code publisher} to {@code topic} goes to other nodes. */
    boolean relays(WampSession publisher, String topic) {
        return relay != null && !publisher.isProxy() && !(publisher.isInternal() && topic.startsWith(NODE_LOCAL_TOPICS));
    }

    /** Sends a publication once to each of {@code nodes} (stubs of subscriptions that match). */
    void relayPublication(String realm, Publication p, Publish m, long publisherId, Collection<WampSession> nodes) {
        byte[] bytes = null;
        for (WampSession stub : nodes) {
            if (bytes == null) {
                bytes = RelayMessage.encode(new RelayMessage.Publication(realm, p.id(), publisherId, p.details(), m));
            }
            if (relay.send(stub.node(), bytes)) {
                relayedPublications.incrementAndGet();
            }
        }
    }

    // ---- sending ----

    /** This node's name in the cluster ("-" when standalone). */
    String localNodeName() {
        return localNode();
    }

    private String localNode() {
        ClusterRelay r = relay;
        return r == null ? "-" : r.localNode();
    }

    private boolean send(String node, RelayMessage message) {
        ClusterRelay r = relay;
        return r != null && r.send(node, RelayMessage.encode(message));
    }

    /** Caller holds {@code announced}. */
    private void sendToAll(RelayMessage message) {
        ClusterRelay r = relay;
        if (r != null) {
            r.sendToAll(RelayMessage.encode(message));
        }
    }

    /** The transport of a proxy: what the dealer sends it goes back to the caller's node. */
    private final class RelayPeer implements Peer {

        private final String node;
        private final long sessionId;
        private final TransportInfo transport;

        RelayPeer(String node, long sessionId, String transportType) {
            this.node = node;
            this.sessionId = sessionId;
            this.transport = new TransportInfo(transportType == null ? "cluster" : transportType, null, null);
        }

        @Override
        public void send(WampMessage message) {
            ClusterRouting.this.send(node, new RelayMessage.Deliver(sessionId, message));
        }

        @Override
        public void sendAndClose(WampMessage message) {
            send(message);
        }

        @Override
        public void close() {
            // the caller's own node decides when its session ends
        }

        @Override
        public TransportInfo transport() {
            return transport;
        }
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
        }

        @Override
        public TransportInfo transport() {
            return CLUSTER;
        }
    }
}
