package io.bondy.core.router.session;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.SessionInfo;
import io.bondy.core.spi.TransportInfo;
import io.bondy.core.thread.AnyThread;
import io.bondy.core.thread.SessionThread;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WAMP session as the routing code sees it: an id, a realm, an identity, a {@link Peer} to send
 * to, and the established part of the state machine
 * ({@code ESTABLISHED --GOODBYE--> CONNECTING}, ABORT, kill, shutdown, a protocol violation).
 * Four kinds exist, one type each:
 * <ul>
 *   <li>{@link ClientSession}: a client of this node, with the HELLO/CHALLENGE handshake;</li>
 *   <li>{@link LocalSession}: the router's own session behind an {@link InternalSession};</li>
 *   <li>{@link NodeStub}: another node in this node's routing tables (its callees and subscribers);</li>
 *   <li>{@link RemoteCaller}: a caller connected to another node whose call runs here.</li>
 * </ul>
 * What other packages keep per session (call tables, subscriptions) lives in {@link SessionSlot}s.
 *
 * <p>Threading: {@link #receive}, {@link #protocolViolation} and {@link #transportClosed} come from
 * the session's own thread (the connection's event loop), one at a time. {@link #send},
 * {@link #offer}, {@link #kill}, {@link #shutdown} and {@link #closeAsSlowSubscriber} may come from
 * any thread. {@code state} changes only under {@code lock}, the one lock of a session, which also
 * orders leaving ESTABLISHED with the messages other sessions route here; the decision to leave the
 * realm is taken under it too, so a session leaves once whichever threads race to end it.
 *
 * <p>Longer than this project's usual class (about 440 lines, half of them javadoc) on purpose: every
 * transition of {@code state} and the send path that depends on it are here, under one lock, so the
 * lifecycle can be checked by reading one file. The handshake is in {@link ClientSession}.
 */
public abstract class WampSession implements SessionInfo {

    private static final Logger LOG = LoggerFactory.getLogger(WampSession.class);

    /** The session's place in the WAMP session lifecycle. */
    protected enum State { CONNECTING, CHALLENGING, ESTABLISHED, CLOSING, CLOSED }

    protected final SessionHost host;
    protected final Peer peer;
    /** Guards {@code state} and {@code joined}, and orders leaving ESTABLISHED with {@link #send}. */
    protected final Object lock = new Object();
    private volatile State state;
    /**
     * Whether the session is in its realm and has yet to leave it: set when it is established, cleared
     * by the one thread that then leaves (under {@link #lock}), so it leaves exactly once whichever of
     * kill, shutdown, a slow-subscriber close, an ABORT and the connection's close race to end it.
     */
    private boolean joined;
    private volatile long id;
    private volatile RealmHandle realm;
    private volatile AuthIdentity identity;
    /** The roles and features the client announced in HELLO. */
    private volatile Map<String, Object> clientRoles = Map.of();
    private final AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(SessionSlot.MAX);

    protected WampSession(SessionHost host, Peer peer, State initial) {
        this.host = host;
        this.peer = peer;
        this.state = initial;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String realmUri() {
        RealmHandle r = realm;
        return r == null ? null : r.uri();
    }

    @Override
    public AuthIdentity identity() {
        return identity;
    }

    @Override
    public TransportInfo transport() {
        return peer.transport();
    }

    /** The realm this session joined (or last joined); null before HELLO. */
    public RealmHandle realm() {
        return realm;
    }

    public Peer peer() {
        return peer;
    }

    /** Whether this is the router's own session (see {@link InternalSession}). */
    public boolean isInternal() {
        return false;
    }

    /**
     * Whether this is a client of this node (not the router's own session, and not a stand-in for a
     * node or a session of another node). Only clients are listed in their realm and counted.
     */
    public boolean isClient() {
        return false;
    }

    /**
     * Whether this session only sees what is published on this node: its subscriptions are not
     * announced to other nodes, and publications relayed from other nodes are not delivered to it
     * (the broker bridge, so that each event is bridged once, by the node it was published on).
     */
    public boolean isNodeLocal() {
        return false;
    }

    /** Whether this stands for another node in the routing tables ({@link NodeStub}). */
    public boolean isNodeStub() {
        return false;
    }

    /** Whether this acts here for a caller connected to another node ({@link RemoteCaller}). */
    public boolean isProxy() {
        return false;
    }

    /** The other node of a node stub or proxy; null for a session of this node. */
    public String node() {
        return null;
    }

    public boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    protected State state() {
        return state;
    }

    /** Sets the state; callers hold {@link #lock} or are the session's own thread before it is shared. */
    protected void state(State next) {
        state = next;
    }

    /** Establishes the session in {@code target} as {@code who} with {@code sessionId}. */
    protected void establish(long sessionId, RealmHandle target, AuthIdentity who) {
        this.id = sessionId;
        this.realm = target;
        this.identity = who;
        synchronized (lock) {
            state = State.ESTABLISHED;
            joined = true;
        }
    }

    protected void joining(long sessionId, RealmHandle target, Map<String, Object> roles) {
        this.id = sessionId;
        this.realm = target;
        this.clientRoles = roles;
    }

    protected void identity(AuthIdentity who) {
        this.identity = who;
    }

    /** Delivers a message to this session's peer. Any thread. */
    @AnyThread
    public void send(WampMessage message) {
        synchronized (lock) {
            if (state != State.ESTABLISHED && isRoutedMessage(message)) {
                return; // routed by another session as this one left: after its GOODBYE a client must not see it
            }
            host.metrics().messageSent(message.type());
            peer.send(message); // a transport's send never calls back into the router, so no lock is taken inside
        }
    }

    /** Changes state and sends {@code goodbye} atomically with respect to {@link #send}: nothing routed follows it. */
    protected boolean leaveEstablished(State next, Goodbye goodbye) {
        synchronized (lock) {
            if (!stopRouting(next)) {
                return false;
            }
            host.metrics().messageSent(goodbye.type());
            peer.send(goodbye);
            return true;
        }
    }

    /** Leaves ESTABLISHED for {@code next}: {@link #send} drops routed messages from now on. */
    private boolean stopRouting(State next) {
        synchronized (lock) {
            if (state != State.ESTABLISHED) {
                return false; // another thread ended it first (kill, shutdown, the client)
            }
            state = next;
            return true;
        }
    }

    /** GOODBYE {@code wamp.close.goodbye_and_out} to a client that said GOODBYE, unless it closed meanwhile. */
    private void replyGoodbye() {
        Goodbye goodbye = new Goodbye(Map.of(), WampErrors.GOODBYE_AND_OUT);
        synchronized (lock) {
            if (state == State.CONNECTING) { // not closed meanwhile by a router shutdown
                host.metrics().messageSent(goodbye.type());
                peer.send(goodbye);
            }
        }
    }

    /** Messages other sessions cause (EVENT, RESULT, INVOCATION, ...), as opposed to the session's own handshake. */
    private static boolean isRoutedMessage(WampMessage m) {
        return !(m instanceof Welcome || m instanceof Challenge || m instanceof Goodbye || m instanceof Abort);
    }

    /**
     * Like {@link #send}, but says whether the peer queued the message: false when its outbound queue
     * is full and the message was not sent, so the caller can end the exchange it belongs to (the
     * dealer fails the call, the broker applies the slow-subscriber policy). A routed message to a
     * session that is leaving is dropped as in {@link #send} and reported as queued: the session's
     * departure ends what it belonged to. Any thread.
     */
    @AnyThread
    public boolean offer(WampMessage message) {
        synchronized (lock) {
            if (state != State.ESTABLISHED && isRoutedMessage(message)) {
                return true;
            }
            if (!peer.offer(message)) {
                return false;
            }
            host.metrics().messageSent(message.type());
            return true;
        }
    }

    /**
     * Closes an established session that does not read fast enough: ABORT {@code reason} and leave
     * the realm. Returns whether this call closed it. Any thread (a publisher's).
     */
    @AnyThread
    public boolean closeAsSlowSubscriber(String reason, String message) {
        synchronized (lock) {
            if (state != State.ESTABLISHED) {
                return false;
            }
            state = State.CLOSING;
        }
        abort(reason, message);
        return true;
    }

    /** Handles one message from the peer. The session's thread. */
    @SessionThread
    public void receive(WampMessage message) {
        host.metrics().messageReceived(message.type());
        process(message);
    }

    /** Handles one message (after the authorization gate, for a client). The session's thread. */
    @SessionThread
    public void process(WampMessage message) {
        switch (state) {
            case CONNECTING, CHALLENGING -> onHandshake(message);
            case ESTABLISHED -> onEstablished(message);
            case CLOSING -> onClosing(message);
            case CLOSED -> LOG.debug("Session {}: ignoring {} after close", id, message.type());
        }
    }

    /** A message before the session is established; only a {@link ClientSession} has a handshake. */
    protected void onHandshake(WampMessage message) {
        protocolViolation("received " + message.type() + " before the session was established");
    }

    /**
     * Whether the message being processed was told to disclose its sender by the realm's dynamic
     * authorizer (see {@link ClientSession#processDisclosed}).
     */
    public boolean disclosedByAuthorizer() {
        return false;
    }

    /**
     * The peer broke the protocol (an undecodable message, a framing rule, a message out of place):
     * ABORT with {@code wamp.error.protocol_violation} and close. The session's thread.
     */
    @SessionThread
    public void protocolViolation(String reason) {
        host.metrics().protocolViolation();
        LOG.info("Session {} ({}): protocol violation: {}", id == 0 ? "-" : id, describePeer(), reason);
        abort(WampErrors.PROTOCOL_VIOLATION, reason);
    }

    /** The connection is gone, whatever the state. The session's thread. */
    @SessionThread
    public void transportClosed() {
        boolean leave;
        synchronized (lock) {
            leave = state != State.CLOSED;
            state = State.CLOSED;
        }
        if (leave) {
            leaveRealm();
        }
        host.forget(this);
    }

    /** GOODBYE {@code wamp.close.system_shutdown} if established, close if not yet joined; idempotent. Any thread. */
    @AnyThread
    public void shutdown() {
        if (state == State.ESTABLISHED) {
            if (leaveEstablished(State.CLOSING, shutdownGoodbye())) {
                leaveRealm();
            }
            return;
        }
        boolean close;
        synchronized (lock) {
            close = state == State.CONNECTING || state == State.CHALLENGING;
            if (close) {
                state = State.CLOSED;
            }
        }
        if (close) {
            peer.close();
        }
    }

    /**
     * GOODBYE {@code reason} (with {@code message} in Details when not null) and leave the realm, as
     * {@code wamp.session.kill} does; false if the session was not established. Any thread.
     */
    @AnyThread
    public boolean kill(String reason, String message) {
        if (!leaveEstablished(State.CLOSING, new Goodbye(message == null ? Map.of() : Map.of("message", message),
                reason))) {
            return false;
        }
        leaveRealm();
        return true;
    }

    /**
     * Whether the client announced {@code HELLO.Details.roles.<role>.features.<feature> = true}. The
     * router's own sessions announce nothing (their procedures answer at once).
     */
    public boolean announces(String role, String feature) {
        return clientRoles.get(role) instanceof Map<?, ?> r && r.get("features") instanceof Map<?, ?> f
                && Boolean.TRUE.equals(f.get(feature));
    }

    /** The caller's roles as announced in HELLO, for a node that runs its calls. */
    public Map<String, Object> callerRoles() {
        Object caller = clientRoles.get("caller");
        return caller == null ? Map.of() : Map.of("caller", caller);
    }

    /** Another node ended this session's call with ABORT (a protocol violation it detected). */
    @AnyThread
    public void abortFromRelay(Abort abort) {
        Object message = abort.details().get("message");
        abort(abort.reason(), message == null ? abort.reason() : message.toString());
    }

    /** What the Session Meta API says of this session ({@code wamp.session.get}, {@code on_join}). */
    public Map<String, Object> metaDetails() {
        Map<String, Object> d = new LinkedHashMap<>();
        AuthIdentity who = identity;
        d.put("session", id);
        if (who != null) {
            d.put("authid", who.authid());
            d.put("authrole", who.authrole());
            d.put("authmethod", who.authmethod());
            d.put("authprovider", who.authprovider());
        }
        d.put("transport", transport().toDetails());
        return d;
    }

    private void onEstablished(WampMessage message) {
        if (message instanceof Goodbye) {
            // The realm forgets the session before its client hears GOODBYE back, so a client that then asks
            // about it from another session (wamp.session.get, wamp.session.count) finds it gone. Routing to it
            // stops first: nothing routed reaches the client after the GOODBYE, as before.
            boolean stopped = stopRouting(State.CONNECTING);
            leaveRealm();
            if (stopped) {
                replyGoodbye();
            }
        } else if (message instanceof Abort) {
            closeQuietly();
        } else if (message instanceof Hello) {
            protocolViolation("received a second HELLO during an established session");
        } else {
            realm.route(this, message); // the realm ends anything a client must not send as a protocol violation
        }
    }

    private void onClosing(WampMessage message) {
        if (message instanceof Goodbye || message instanceof Abort) {
            synchronized (lock) {
                state = State.CLOSED;
            }
            peer.close();
        }
    }

    /** ABORT {@code reason} with {@code message} in Details, leaving the realm if joined, and close. */
    protected void abort(String reason, String message) {
        boolean wasEstablished;
        synchronized (lock) {
            wasEstablished = state == State.ESTABLISHED || state == State.CLOSING;
            state = State.CLOSED;
        }
        if (wasEstablished) {
            leaveRealm();
        }
        host.metrics().messageSent(MessageType.ABORT);
        peer.sendAndClose(new Abort(Map.of("message", message), reason));
    }

    /** The peer sent ABORT: leave the realm if joined, and close. */
    protected void closeQuietly() {
        boolean wasEstablished;
        synchronized (lock) {
            wasEstablished = state == State.ESTABLISHED;
            state = State.CLOSED;
        }
        if (wasEstablished) {
            leaveRealm();
        }
        peer.close();
    }

    /**
     * Leaves the realm: its routing state goes; a later HELLO on the same transport is a new session.
     * Returns whether this call left (false: never joined, or another thread left already).
     */
    protected boolean leaveRealm() {
        synchronized (lock) {
            if (!joined) {
                return false; // never joined, or another thread is leaving (or left) already
            }
            joined = false;
        }
        RealmHandle r = realm;
        if (r != null && identity != null) {
            r.leave(this);
            if (isClient()) {
                host.metrics().sessionClosed(r.uri()); // only clients were counted as opened (welcome)
            }
            identity = null;
        }
        return true;
    }

    protected String describePeer() {
        TransportInfo t = peer.transport();
        return t.type() + (t.remote() == null ? "" : " " + t.remote());
    }

    @SuppressWarnings("unchecked")
    <T> T slot(SessionSlot<T> slot) {
        Object value = slots.get(slot.index);
        if (value == null) {
            slots.compareAndSet(slot.index, null, slot.create());
            value = slots.get(slot.index);
        }
        return (T) value;
    }

    @SuppressWarnings("unchecked")
    <T> T peekSlot(SessionSlot<T> slot) {
        return (T) slots.get(slot.index);
    }

    /** The GOODBYE every established session gets when the router shuts down. */
    public static Goodbye shutdownGoodbye() {
        return new Goodbye(Map.of("message", "the router is shutting down"), WampErrors.SYSTEM_SHUTDOWN);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + ", " + state + "]";
    }
}
