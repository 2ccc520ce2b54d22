package io.bondy.core.router.relay;

import io.bondy.core.message.Call;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.Publish;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.pubsub.Publication;
import io.bondy.core.router.pubsub.PublicationRelay;
import io.bondy.core.router.pubsub.Subscription;
import io.bondy.core.router.pubsub.SubscriptionListener;
import io.bondy.core.router.pubsub.SubscriptionTable;
import io.bondy.core.router.rpc.CallForwarding;
import io.bondy.core.router.rpc.Registration;
import io.bondy.core.router.rpc.RegistrationListener;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.ClusterRelay;
import io.bondy.core.thread.AnyThread;
import io.bondy.core.thread.RelayThread;
import io.bondy.core.thread.SessionThread;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 *   <li>each node announces its own routes (refcounted per realm, kind, URI, match) and client
 *       sessions when they appear and go, each change numbered; the others' copies converge through
 *       {@link RoutingSync} (states and digests at every view change and periodically, gaps and
 *       differences repaired by asking for the state, messages of nodes not yet in the view held);</li>
 *   <li>when a member leaves the view, its stubs leave (its routes go at once), the calls it was
 *       running for local callers fail with {@code wamp.error.canceled}, and the proxies of its
 *       callers leave (their calls in flight here are interrupted).</li>
 * </ul>
 *
 * <p>Standalone (no {@link ClusterRelay} connected) it only counts the local routes.
 *
 * <p>The work is split by subject: {@link RemoteRoutes} (announcements and node stubs),
 * {@link RoutingSync} (versions, states, digests, repair),
 * {@link RemoteCalls} (forwarded calls and proxies), {@link RemoteSessions} (the cluster-wide Session
 * Meta API), {@link MetaQueries} (callees and subscribers of other nodes); this class connects them to
 * the relay, dispatches what arrives and relays publications.
 *
 * <p>Threading: thread-safe. Inbound messages from one node are handled one at a time, in the order
 * sent ({@link ClusterRelay}); announcements are sent under one lock ({@link RelayLink#announceLock}),
 * so a state and the changes around it reach every member in sequence order.
 *
 * <p>About 390 lines, above this project's usual size: it is the facade every other package and the
 * cluster module call, one short method per entry point; the work is in the classes named above.
 */
public final class ClusterRouting implements CallForwarding, PublicationRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRouting.class);
    /** Topics of events each node publishes about its own view: never relayed. */
    private static final String NODE_LOCAL_TOPICS = "bondy.cluster.";
    /** How long the meta API waits for other nodes' answers unless {@link #connect} says otherwise. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);
    /** How long a forwarded call without a {@code timeout} waits for its answer by default. */
    public static final Duration DEFAULT_FORWARDED_CALL_TIMEOUT = Duration.ofMinutes(5);

    private final LocalNode local;
    private final RelayLink link = new RelayLink();
    private final RemoteRoutes routes;
    private final RemoteCalls calls;
    private final RemoteSessions sessions;
    private final MetaQueries queries;
    private final RoutingSync sync;
    private final AtomicLong relayedPublications = new AtomicLong();
    /** Publications to a node the relay refused (its send queue full, or the node just left). */
    private final AtomicLong refusedPublications = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    public ClusterRouting(LocalNode local) {
        this.local = local;
        this.routes = new RemoteRoutes(local, link);
        this.calls = new RemoteCalls(local, link);
        this.sessions = new RemoteSessions(local, link);
        this.queries = new MetaQueries(local, link);
        this.sync = new RoutingSync(link, routes, sessions, () -> local.scheduler().nanoTime());
    }

    /**
     * Starts cross-node routing through {@code relay}: sends this node's routes to every member and
     * asks for theirs. Messages received before this are dropped (the request makes up for them).
     */
    @AnyThread
    public void connect(ClusterRelay relay) {
        connect(relay, DEFAULT_QUERY_TIMEOUT);
    }

    /**
     * As {@link #connect(ClusterRelay)}; the meta API waits at most {@code queryTimeout} for other
     * nodes' answers ({@code wamp.registration.list_callees}, ...), then answers with what it has.
     */
    @AnyThread
    public void connect(ClusterRelay relay, Duration queryTimeout) {
        connect(relay, queryTimeout, DEFAULT_FORWARDED_CALL_TIMEOUT);
    }

    /**
     * As {@link #connect(ClusterRelay, Duration)}; a call forwarded to another node without a
     * {@code timeout} of its own fails with {@code wamp.error.canceled} when its answer has not come
     * within {@code forwardedCallTimeout} (zero: no limit), as when the answer is lost while that node
     * stays in the view.
     */
    @AnyThread
    public void connect(ClusterRelay relay, Duration queryTimeout, Duration forwardedCallTimeout) {
        calls.defaultDeadline(forwardedCallTimeout);
        queries.timeout(queryTimeout);
        link.connect(relay);
        sync.sendStateToMembers();
        link.sendToMembers(new RelayMessage.StateRequest());
        LOG.info("Cross-node routing started on node {}", relay.localNode());
    }

    /** Whether a relay is connected (this node is clustered). */
    public boolean isConnected() {
        return link.connected();
    }

    /** {@code node} is new in this node's view: it gets this node's routes and sessions. */
    @RelayThread
    public void memberJoined(String node) {
        if (link.connected()) {
            sync.sendState(node);
        }
    }

    /**
     * This node installed a view of {@code members}: {@code joined} are new to it, {@code merge} says
     * the view merges subgroups (a healed partition, a node back from a hang). Each member gets this
     * node's state (the new ones, or all after a merge) or its digest, and what was held of them is
     * handled, so every member's copy of this node, and this node's copies of them, converge. Call it
     * after {@link #memberLeft} for the members that left, on one thread in view order; it sends.
     */
    @RelayThread
    public void viewChanged(Collection<String> members, Collection<String> joined, boolean merge) {
        if (link.connected()) {
            sync.viewChanged(members, joined, merge);
        }
    }

    /**
     * A member left the view: its routes and sessions go, calls it was running for local callers fail,
     * calls its callers made here are interrupted. JGroups view thread.
     */
    @RelayThread
    public void memberLeft(String node) {
        boolean[] hadSessions = new boolean[1];
        int dropped = sync.left(node, () -> hadSessions[0] = sessions.drop(node));
        int[] ended = calls.drop(node);
        queries.drop(node);
        if (hadSessions[0] || dropped > 0 || ended[0] > 0 || ended[1] > 0) {
            LOG.info("Node {} left: dropped its {} route(s), failed {} call(s) in flight to it, ended {} proxied"
                    + " caller(s)", node, dropped, ended[0], ended[1]);
        }
    }

    /**
     * Sends this node's digest to every member, which asks for its state if its copy differs. Call it
     * periodically (the relay does, every {@code cluster.anti_entropy_interval}); it sends.
     */
    @AnyThread
    public void sendDigests() {
        if (link.connected()) {
            sync.sendDigests();
        }
    }

    /**
     * Asks again for the states of members whose copy is missing or has a gap (a request or its answer
     * was lost), handles messages held of members, forgets those held too long. Call it about every
     * second; it sends.
     */
    @AnyThread
    public void repair() {
        if (link.connected()) {
            sync.repair();
        }
    }

    /** Handles one message from {@code node}. The relay's delivery thread, one message of a node at a time. */
    @RelayThread
    public void receive(String node, byte[] bytes) {
        if (!link.connected()) {
            return; // not connected yet: connect() asks every member for its state
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
            if (!link.isMember(node) && f.message() instanceof Call call) {
                refuse(node, f, call);
                return;
            }
            calls.onForward(node, f);
            dropCallsIfGone(node);
        } else if (message instanceof RelayMessage.Deliver d) {
            calls.onDeliver(node, d);
        } else if (message instanceof RelayMessage.Publication p) {
            LocalRealm realm = local.realm(p.realm());
            if (realm != null) {
                realm.broker().publishRelayed(p.publicationId(), p.publish(), p.publisherId(), p.details());
            }
        } else if (message instanceof RelayMessage.SessionGone g) {
            calls.onSessionGone(node, g);
        } else if (message instanceof RelayMessage.Routes || message instanceof RelayMessage.Sessions
                || message instanceof RelayMessage.State || message instanceof RelayMessage.Digest
                || message instanceof RelayMessage.StateRequest) {
            sync.receive(node, message);
        } else if (message instanceof RelayMessage.Query q) {
            queries.onQuery(node, q);
        } else if (message instanceof RelayMessage.QueryReply r) {
            queries.onReply(node, r);
        } else if (message instanceof RelayMessage.Kill k) {
            sessions.onKill(k);
        }
    }

    /**
     * A CALL of a node that is not in this node's view (it is merging back, or the view changes): not
     * run here (nothing would end its proxy, and its answer could be lost), answered with
     * {@code wamp.error.canceled} at once so the caller does not wait.
     */
    private void refuse(String node, RelayMessage.Forward f, Call call) {
        link.send(node, new RelayMessage.Deliver(f.origin().sessionId(), new io.bondy.core.message.Error(
                io.bondy.core.message.MessageType.CALL.code(), call.requestId(), Map.of(),
                io.bondy.core.WampErrors.CANCELED, io.bondy.core.message.Payload.of(List.of("node " + node
                        + " is not in the view of node " + link.localNode() + " (the cluster is changing)")))));
    }

    /**
     * Ends what a forwarded call set up if its node has left the view meanwhile: the view changes before
     * {@link #memberLeft} runs, so either that call or this one sees the proxy the other created.
     */
    private void dropCallsIfGone(String node) {
        if (link.connected() && !link.isMember(node)) {
            calls.drop(node);
            queries.drop(node);
        }
    }

    /** What {@code bondy.cluster.info} and tests report. */
    @AnyThread
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("local_routes", routes.localCount());
        out.put("remote_routes", routes.remoteCount());
        out.put("forwarded_calls", calls.forwardedCount());
        out.put("forwarded_calls_expired", calls.expiredCount());
        out.put("relayed_publications", relayedPublications.get());
        out.put("refused_publications", refusedPublications.get());
        out.put("messages_received", received.get());
        out.put("proxied_callers", calls.proxyCount());
        out.put("remote_sessions", sessions.count());
        out.put("sync", sync.describe());
        return out;
    }

    /** Realm {@code uri} was created here: other nodes' routes in it (kept meanwhile) are attached. */
    @AnyThread
    public void realmAdded(String uri) {
        sync.realmAdded(uri);
    }

    /** This node's name in the cluster ("-" when standalone). */
    @Override
    public String localNodeName() {
        return link.localNode();
    }

    // ---- for the broker, the dealer and the meta API ----

    /** Announces the registrations of this node's sessions in {@code realm} to the cluster. */
    public RegistrationListener registrationRoutes(String realm) {
        return new RegistrationListener() {
            @Override
            public void onRegister(WampSession session, Registration reg) {
                routes.added(session, realm, RelayMessage.Kind.REGISTRATION, reg.procedure(), reg.match(), reg.invoke());
            }

            @Override
            public void onUnregister(WampSession session, Registration reg) {
                routes.removed(session, realm, RelayMessage.Kind.REGISTRATION, reg.procedure(), reg.match(),
                        reg.invoke());
            }
        };
    }

    /** Announces the subscriptions of this node's sessions in {@code realm} to the cluster. */
    public SubscriptionListener subscriptionRoutes(String realm) {
        return new SubscriptionListener() {
            @Override
            public void onSubscribed(WampSession session, SubscriptionTable.Added added) {
                if (added.newSubscriber()) {
                    Subscription sub = added.subscription();
                    routes.added(session, realm, RelayMessage.Kind.SUBSCRIPTION, sub.topic(), sub.match(), null);
                }
            }

            @Override
            public void onUnsubscribed(WampSession session, Subscription sub, SubscriptionTable.Removed removed) {
                if (removed.wasSubscribed()) {
                    routes.removed(session, realm, RelayMessage.Kind.SUBSCRIPTION, sub.topic(), sub.match(), null);
                }
            }
        };
    }

    @Override
    @SessionThread
    public boolean forwardCall(String realm, WampSession caller, Call call, String node) {
        return calls.forward(realm, caller, call, node);
    }

    @Override
    @SessionThread
    public void forwardFollowUp(String realm, WampSession caller, WampMessage message, String node) {
        calls.followUp(realm, caller, message, node);
    }

    /** A client joined {@code realm} here. */
    @SessionThread
    public void sessionJoined(String realm, WampSession session) {
        sessions.joined(realm, session);
    }

    /** A session of {@code realm} left: end what it had on other nodes, or what it stood for here. */
    @SessionThread
    public void sessionLeft(String realm, WampSession session) {
        sessions.left(session);
        calls.sessionLeft(realm, session);
    }

    /** The client sessions of other nodes in {@code realm}: their Session Meta API details. */
    @AnyThread
    public List<Map<String, Object>> remoteSessions(String realm) {
        return sessions.inRealm(realm);
    }

    /** The details of another node's client session {@code id} of {@code realm}, or null. */
    @AnyThread
    public Map<String, Object> remoteSession(String realm, long id) {
        return sessions.get(realm, id);
    }

    /** The node of another node's client session {@code id} of {@code realm}, or null. */
    @AnyThread
    public String nodeOfSession(String realm, long id) {
        return sessions.nodeOf(realm, id);
    }

    /** Asks {@code node} to kill its session {@code id} ({@code wamp.session.kill} of another node's session). */
    @AnyThread
    public boolean forwardKill(String node, String realm, long id, String reason, String message) {
        return sessions.kill(node, realm, id, reason, message);
    }

    /** The session ids {@code nodes} have on (uri, match) of {@code realm} (see {@link MetaQueries#gather}). */
    @AnyThread
    public CompletableFuture<List<Long>> gather(String realm, RelayMessage.Kind kind, String uri, MatchPolicy match,
                                                Collection<String> nodes) {
        return queries.gather(realm, kind, uri, match, nodes);
    }

    // ---- publications ----

    @Override
    @SessionThread
    public boolean relays(WampSession publisher, String topic) {
        return link.connected() && !publisher.isProxy()
                && !(publisher.isInternal() && topic.startsWith(NODE_LOCAL_TOPICS));
    }

    @Override
    @SessionThread
    public void relay(String realm, Publication p, Publish m, long publisherId, Collection<WampSession> nodes) {
        byte[] bytes = RelayMessage.encode(new RelayMessage.Publication(realm, p.id(), publisherId, p.details(), m));
        for (WampSession stub : nodes) {
            if (link.send(stub.node(), bytes)) {
                relayedPublications.incrementAndGet();
            } else {
                refusedPublications.incrementAndGet(); // the relay's queue was full (or the node just left)
            }
        }
    }
}
