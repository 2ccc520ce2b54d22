package io.bondy.core.router.relay;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The convergence part of {@link ClusterRouting}: makes every node end with exactly the routes and
 * sessions of the current members, whatever the order of view installations and messages, and
 * whatever was lost. It works like the store's anti-entropy, on versioned per-node states:
 *
 * <ul>
 *   <li>Each change a node makes to its routes or sessions carries its incarnation and the next
 *       sequence number ({@link RelayLink#change}); its {@link RelayMessage.State} and
 *       {@link RelayMessage.Digest} carry the number of the last change they include. A receiver
 *       applies a node's changes in sequence only: a stale one (older than its copy) is ignored, and
 *       a gap (a lost message, a change of another incarnation, a change with no state to apply it
 *       to) makes it ask that node for its state.</li>
 *   <li>At every view change (a merge on every side included) each node sends its state to the
 *       members that are new to it, or to all members after a merge, and its digest to the others. A
 *       receiver whose copy differs from a digest (incarnation, sequence number or hash) asks for the
 *       state. Digests are also sent to every member periodically ({@link #sendDigests}), so a
 *       difference no view change revealed is repaired within one interval.</li>
 *   <li>Messages of a node that is not (yet) in this node's view (a member that installed the view
 *       first, a node merging back) are held, bounded, and handled when it enters the view, instead
 *       of being applied to a departed node or dropped; when it leaves, what it had is dropped.</li>
 *   <li>A request not answered (a lost message, a node busy) is repeated by {@link #repair} after
 *       {@link #RETRY_NANOS}.</li>
 * </ul>
 *
 * <p>Threading: thread-safe. Everything about one other node (its copy, what is held of it, its
 * version) changes under that node's {@link Peer} lock: its messages arrive on the relay's delivery
 * thread, its departure on the view thread, views and repairs on the relay's own thread. States and
 * digests of this node are made under {@link RelayLink#announceLock} (taken after a peer lock, never
 * before).
 *
 * <p>About 390 lines, above this project's usual size: the versions, the held messages and the repair
 * requests of a peer share its lock, and splitting them would spread that lock over several classes.
 */
final class RoutingSync {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingSync.class);
    /** How long a state request may go unanswered before it is sent again. */
    static final long RETRY_NANOS = 2_000_000_000L;
    /** How long a message of a node not in the view is held (it should enter the view within a view installation). */
    static final long HOLD_NANOS = 60_000_000_000L;
    /** How many messages of one node not in the view are held; beyond, they are dropped and its state is asked for. */
    static final int HOLD_MAX = 1024;

    private final RelayLink link;
    private final RemoteRoutes routes;
    private final RemoteSessions sessions;
    private final LongSupplier clock;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();

    /** What this node knows of another node's routing state, and what it holds back of it. Guarded by itself. */
    static final class Peer {

        /** The incarnation and sequence number of the copy; 0 and -1 when there is none. */
        long incarnation;
        long seq = -1;
        /** Whether the copy started from a state of that incarnation (changes apply to it). */
        boolean complete;
        /** A change was missed since the copy was made: the state is asked for. */
        boolean gap;
        /** When the state was last asked for (0: it is not). */
        long requestedAt;
        /** Messages received while the node was not in the view, with when they arrived. */
        final ArrayDeque<Held> held = new ArrayDeque<>();
        long statesApplied;
        long requestsSent;

        void reset() {
            incarnation = 0;
            seq = -1;
            complete = false;
            gap = false;
            requestedAt = 0;
            held.clear();
        }
    }

    private record Held(long at, RelayMessage message) {
    }

    RoutingSync(RelayLink link, RemoteRoutes routes, RemoteSessions sessions, LongSupplier clock) {
        this.link = link;
        this.routes = routes;
        this.sessions = sessions;
        this.clock = clock;
    }

    Peer peer(String node) {
        return peers.computeIfAbsent(node, n -> new Peer());
    }

    // ---- this node's state ----

    /** This node's complete routing state. */
    private RelayMessage.State state() {
        synchronized (link.announceLock) {
            return new RelayMessage.State(link.incarnation, link.seq(), routes.mine(), sessions.mine());
        }
    }

    private RelayMessage.Digest digest() {
        synchronized (link.announceLock) {
            return new RelayMessage.Digest(link.incarnation, link.seq(), link.hash(), routes.mine().size(),
                    sessions.mine().size());
        }
    }

    /** Sends this node's state to {@code node}. */
    void sendState(String node) {
        synchronized (link.announceLock) { // no change slips between the state and the send
            link.send(node, state());
        }
    }

    /** Sends this node's state to every other member. */
    void sendStateToMembers() {
        synchronized (link.announceLock) {
            link.sendToMembers(state());
        }
    }

    /** Sends this node's digest to every other member (the periodic comparison). */
    void sendDigests() {
        synchronized (link.announceLock) {
            link.sendToMembers(digest());
        }
    }

    // ---- other nodes' states ----

    /**
     * A state message of {@code node} (a change, a state, a digest, a request): handled if the node is
     * in the view, held otherwise.
     */
    void receive(String node, RelayMessage message) {
        Peer p = peer(node);
        boolean answer;
        synchronized (p) {
            if (!link.isMember(node)) {
                hold(node, p, message);
                return;
            }
            answer = replay(node, p);
            answer |= handle(node, p, message);
        }
        if (answer) {
            sendState(node);
        }
    }

    /**
     * The view changed to {@code members}: what was held of them is handled, and each gets this node's
     * state ({@code fresh} members, or all after a {@code merge}) or digest (the others), so every
     * member can tell whether its copy of this node is current.
     */
    void viewChanged(Collection<String> members, Collection<String> fresh, boolean merge) {
        String self = link.localNode();
        for (String node : members) {
            if (node.equals(self)) {
                continue;
            }
            Peer p = peer(node);
            boolean answer;
            synchronized (p) {
                answer = link.isMember(node) && replay(node, p);
            }
            if (answer || merge || fresh.contains(node)) {
                sendState(node);
            } else {
                synchronized (link.announceLock) {
                    link.send(node, digest());
                }
            }
        }
    }

    /**
     * {@code node} left the view: its routes and sessions go (returns how many routes), and what was
     * held of it. The caller fails its calls.
     */
    int left(String node, Runnable alsoUnderLock) {
        Peer p = peer(node);
        synchronized (p) {
            p.reset();
            alsoUnderLock.run();
            return routes.drop(node);
        }
    }

    /**
     * The periodic repair: asks again for the states of members whose copy is missing or has a gap and
     * whose request went unanswered for {@link #RETRY_NANOS}; handles what is held of members (a view
     * change missed); forgets what was held too long of nodes that never entered the view.
     */
    void repair() {
        long now = clock.getAsLong();
        for (Map.Entry<String, Peer> e : peers.entrySet()) {
            String node = e.getKey();
            Peer p = e.getValue();
            boolean answer = false;
            synchronized (p) {
                if (link.isMember(node)) {
                    answer = replay(node, p);
                    if (!p.complete || p.gap) {
                        request(node, p, p.complete ? "a change was missed" : "no state yet");
                    }
                } else {
                    while (!p.held.isEmpty() && now - p.held.peekFirst().at() > HOLD_NANOS) {
                        p.held.pollFirst();
                    }
                }
            }
            if (answer) {
                sendState(node);
            }
        }
    }

    /** Attaches every node's routes of realm {@code realmUri}, just created here. */
    void realmAdded(String realmUri) {
        for (String node : List.copyOf(routes.nodes())) {
            Peer p = peer(node);
            synchronized (p) {
                routes.reattach(node, realmUri);
            }
        }
    }

    /** Per other node: the version of this node's copy of its state, for {@code bondy.cluster.info}. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        synchronized (link.announceLock) {
            out.put("incarnation", link.incarnation);
            out.put("seq", link.seq());
            out.put("hash", link.hash());
            out.put("routes", routes.mine().size());
            out.put("sessions", sessions.mine().size());
        }
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, Peer> e : new java.util.TreeMap<>(peers).entrySet()) {
            Peer p = e.getValue();
            synchronized (p) {
                if (p.incarnation == 0 && p.held.isEmpty()) {
                    continue;
                }
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("incarnation", p.incarnation);
                v.put("seq", p.seq);
                v.put("hash", copyHash(e.getKey()));
                v.put("complete", p.complete && !p.gap);
                v.put("routes", routes.of(e.getKey()).size());
                v.put("sessions", sessions.of(e.getKey()).size());
                v.put("held", p.held.size());
                v.put("states_applied", p.statesApplied);
                v.put("state_requests", p.requestsSent);
                nodes.put(e.getKey(), v);
            }
        }
        out.put("nodes", nodes);
        return out;
    }

    // ---- under the peer's lock ----

    private void hold(String node, Peer p, RelayMessage message) {
        if (message instanceof RelayMessage.State) {
            // a state replaces every change and state before it; a request is still answered
            p.held.removeIf(h -> !(h.message() instanceof RelayMessage.StateRequest));
        }
        if (p.held.size() >= HOLD_MAX) {
            LOG.info("Node {} is not in this node's view and sent more than {} routing messages: dropped them,"
                    + " its state will be asked for when it is", node, HOLD_MAX);
            p.held.clear();
        }
        p.held.addLast(new Held(clock.getAsLong(), message));
    }

    /** Handles what was held of {@code node} (now a member), oldest first; whether it asked for this node's state. */
    private boolean replay(String node, Peer p) {
        boolean answer = false;
        long now = clock.getAsLong();
        while (!p.held.isEmpty()) {
            Held h = p.held.pollFirst();
            if (now - h.at() <= HOLD_NANOS) {
                answer |= handle(node, p, h.message());
            }
        }
        return answer;
    }

    /** Handles one state message of member {@code node}; whether it asks for this node's state. */
    private boolean handle(String node, Peer p, RelayMessage message) {
        if (message instanceof RelayMessage.StateRequest) {
            return true;
        }
        if (message instanceof RelayMessage.State s) {
            apply(node, p, s);
        } else if (message instanceof RelayMessage.Routes r) {
            if (inSequence(node, p, r.incarnation(), r.seq())) {
                routes.apply(node, r.added(), r.removed());
            }
        } else if (message instanceof RelayMessage.Sessions ss) {
            if (inSequence(node, p, ss.incarnation(), ss.seq())) {
                sessions.apply(node, ss.joined(), ss.left());
            }
        } else if (message instanceof RelayMessage.Digest d) {
            compare(node, p, d);
        }
        return false;
    }

    private void apply(String node, Peer p, RelayMessage.State s) {
        if (p.complete && p.incarnation == s.incarnation() && s.seq() < p.seq) {
            return; // older than the copy (e.g. an answer to an earlier request): the changes since are applied
        }
        routes.replace(node, s.routes());
        sessions.replace(node, s.sessions());
        if (p.gap || !p.complete) {
            LOG.info("Routing state of node {} applied: change {}, {} route(s), {} session(s)", node, s.seq(),
                    s.routes().size(), s.sessions().size());
        }
        p.incarnation = s.incarnation();
        p.seq = s.seq();
        p.complete = true;
        p.gap = false;
        p.requestedAt = 0;
        p.statesApplied++;
    }

    /** Whether change {@code seq} of {@code incarnation} is the next one for the copy; asks for the state on a gap. */
    private boolean inSequence(String node, Peer p, long incarnation, long seq) {
        if (p.complete && p.incarnation == incarnation) {
            if (seq <= p.seq) {
                return false; // already in the copy
            }
            if (seq == p.seq + 1 && !p.gap) {
                p.seq = seq;
                return true;
            }
        }
        p.gap = p.complete;
        request(node, p, !p.complete ? "a change before its state" : p.incarnation != incarnation
                ? "a change of a new incarnation" : "change " + seq + " after " + p.seq);
        return false;
    }

    private void compare(String node, Peer p, RelayMessage.Digest d) {
        if (p.complete && !p.gap && p.incarnation == d.incarnation()) {
            if (d.seq() < p.seq) {
                return; // older than the copy
            }
            if (d.seq() == p.seq && copyHash(node) == d.hash()) {
                return; // the same
            }
        }
        p.gap = p.complete; // the copy is stale: asked for until a state arrives
        request(node, p, "its digest (" + d.seq() + ", " + d.routes() + " route(s), " + d.sessions()
                + " session(s)) differs from this node's copy (" + p.seq + ", " + routes.of(node).size() + ", "
                + sessions.of(node).size() + ")");
    }

    private long copyHash(String node) {
        return StateHash.of(routes.of(node), sessions.of(node));
    }

    /** Asks {@code node} for its state, unless it was asked less than {@link #RETRY_NANOS} ago. */
    private void request(String node, Peer p, String why) {
        long now = clock.getAsLong();
        if (p.requestedAt != 0 && now - p.requestedAt < RETRY_NANOS) {
            return;
        }
        p.requestedAt = now;
        p.requestsSent++;
        LOG.info("Asking node {} for its routing state: {}", node, why);
        link.send(node, new RelayMessage.StateRequest());
    }
}
