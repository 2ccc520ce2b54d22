package io.bondy.core.router;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Authenticate;
import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.Error;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Register;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.message.Yield;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.core.spi.AuthRequest;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.SessionInfo;
import io.bondy.core.spi.TransportInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WAMP session over one transport connection, and its state machine:
 * {@code CONNECTING --HELLO--> [CHALLENGING --AUTHENTICATE-->] ESTABLISHED --GOODBYE--> CONNECTING},
 * with ABORT or a protocol violation ending it at any point.
 *
 * <p>Threading: {@link #receive}, {@link #protocolViolation} and {@link #transportClosed} are
 * called by the transport, one at a time, on the connection's thread. {@link #shutdown} may come
 * from any thread. Other sessions reach this one only through {@link #send}.
 */
public final class WampSession implements SessionInfo {

    private static final Logger LOG = LoggerFactory.getLogger(WampSession.class);

    enum State { CONNECTING, CHALLENGING, ESTABLISHED, CLOSING, CLOSED }

    private final Router router;
    private final Peer peer;
    /** Holds messages back while the realm's dynamic authorizer decides (client sessions only). */
    private final AuthorizationGate gate;
    private volatile State state = State.CONNECTING;
    private volatile long id;
    private volatile Realm realm;
    private volatile AuthIdentity identity;
    private volatile boolean internal;
    /** For a node stub or a proxy (see {@link ClusterRouting}): the other node; null for a session of this node. */
    private volatile String node;
    private volatile boolean nodeStub;
    /** The roles and features the client announced in HELLO. */
    private volatile Map<String, Object> clientRoles = Map.of();
    /** Set while a message the dynamic authorizer told to disclose is processed (transport thread only). */
    private boolean disclosedByAuthorizer;
    /** Orders leaving ESTABLISHED (and the GOODBYE that says so) with messages other sessions route here. */
    private final Object sendLock = new Object();
    private Function<Authenticate, AuthOutcome> pendingChallenge;
    private final AtomicLong invocationIds = new AtomicLong();
    /** As callee: invocations sent to this session and not yet answered, by INVOCATION request id. */
    private final Map<Long, PendingCall> invocations = new ConcurrentHashMap<>();
    /** As caller: calls this session made that are still waiting, by CALL request id. */
    private final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();
    /** As caller: calls forwarded to callees on other nodes, by CALL request id, with the node. */
    private final Map<Long, String> remoteCalls = new ConcurrentHashMap<>();

    WampSession(Router router, Peer peer) {
        this.router = router;
        this.peer = peer;
        this.gate = new AuthorizationGate(router, this);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String realmUri() {
        Realm r = realm;
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

    /** Whether this is the router's own session (see {@link InternalSession}). */
    public boolean isInternal() {
        return internal;
    }

    /**
     * Whether this is a client of this node (not the router's own session, and not a stand-in for a
     * node or a session of another node).
     */
    public boolean isClient() {
        return !internal && node == null;
    }

    /** Whether this stands for another node in the routing tables (its callees and subscribers there). */
    boolean isNodeStub() {
        return nodeStub;
    }

    /** Whether this acts here for a caller connected to another node. */
    boolean isProxy() {
        return node != null && !nodeStub;
    }

    /** The other node of a node stub or proxy; null otherwise. */
    String node() {
        return node;
    }

    public boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /** Delivers a message to this session's peer. Any thread. */
    public void send(WampMessage message) {
        if (internal) {
            // The router's own sessions never leave mid-flight, and their peer calls back into the router.
            router.metrics().messageSent(message.type());
            peer.send(message);
            return;
        }
        synchronized (sendLock) {
            if (state != State.ESTABLISHED && isRoutedMessage(message)) {
                return; // routed by another session as this one left: after its GOODBYE a client must not see it
            }
            router.metrics().messageSent(message.type());
            peer.send(message); // a transport's send never calls back into the router, so no lock is taken inside
        }
    }

    /** Changes state and sends {@code goodbye} atomically with respect to {@link #send}: nothing routed follows it. */
    private boolean leaveEstablished(State next, Goodbye goodbye) {
        synchronized (sendLock) {
            if (state != State.ESTABLISHED) {
                return false; // another thread ended it first (kill, shutdown, the client)
            }
            state = next;
            router.metrics().messageSent(goodbye.type());
            peer.send(goodbye);
            return true;
        }
    }

    /** Messages other sessions cause (EVENT, RESULT, INVOCATION, ...), as opposed to the session's own handshake. */
    private static boolean isRoutedMessage(WampMessage m) {
        return !(m instanceof Welcome || m instanceof Challenge || m instanceof Goodbye || m instanceof Abort);
    }

    /**
     * Queues a message for this session's peer if its outbound queue has room; false if dropped.
     * Any thread.
     */
    boolean offer(WampMessage message) {
        router.metrics().messageSent(message.type());
        return peer.offer(message);
    }

    /**
     * Closes an established session that does not read fast enough: ABORT {@code reason} and leave
     * the realm. Returns whether this call closed it. Any thread (a publisher's).
     */
    boolean closeAsSlowSubscriber(String reason, String message) {
        synchronized (this) {
            if (state != State.ESTABLISHED) {
                return false;
            }
            state = State.CLOSING;
        }
        abort(reason, message);
        return true;
    }

    /**
     * Handles one message from the client. Transport thread. A client session's messages pass the
     * {@link AuthorizationGate} first, which may hold them back (in order) while the realm's dynamic
     * authorizer decides.
     */
    public void receive(WampMessage message) {
        router.metrics().messageReceived(message.type());
        if (internal) {
            process(message);
        } else {
            gate.receive(message);
        }
    }

    /**
     * Handles a CALL or PUBLISH whose {@code disclose_me} the realm's dynamic authorizer set
     * ({@code disclose: true}): the sender is identified without needing the {@code wamp.disclose_caller}
     * or {@code wamp.disclose_publisher} permission. Transport thread.
     */
    void processDisclosed(WampMessage message) {
        disclosedByAuthorizer = true;
        try {
            process(message);
        } finally {
            disclosedByAuthorizer = false;
        }
    }

    /** Whether the message being processed was told to disclose its sender by the dynamic authorizer. */
    boolean disclosedByAuthorizer() {
        return disclosedByAuthorizer;
    }

    /** Handles one message after the authorization gate. Transport thread (see {@link AuthorizationGate}). */
    void process(WampMessage message) {
        switch (state) {
            case CONNECTING -> onConnecting(message);
            case CHALLENGING -> onChallenging(message);
            case ESTABLISHED -> onEstablished(message);
            case CLOSING -> onClosing(message);
            case CLOSED -> LOG.debug("Session {}: ignoring {} after close", id, message.type());
        }
    }

    /**
     * The transport could not decode a message (or the peer broke a framing rule): ABORT with
     * {@code wamp.error.protocol_violation} and close. Transport thread.
     */
    public void protocolViolation(String reason) {
        router.metrics().protocolViolation();
        LOG.info("Session {} ({}): protocol violation: {}", id == 0 ? "-" : id, describePeer(), reason);
        abort(WampErrors.PROTOCOL_VIOLATION, reason);
    }

    /** The connection is gone, whatever the state. Transport thread. */
    public void transportClosed() {
        gate.clear();
        if (state != State.CLOSED) {
            state = State.CLOSED;
            leaveRealm();
        }
        router.forget(this);
    }

    /** GOODBYE {@code wamp.close.system_shutdown} if established, close if not yet joined; idempotent. Any thread. */
    void shutdown() {
        if (state == State.ESTABLISHED) {
            if (leaveEstablished(State.CLOSING, Router.shutdownGoodbye())) {
                leaveRealm();
            }
        } else if (state == State.CONNECTING || state == State.CHALLENGING) {
            state = State.CLOSED;
            peer.close();
        }
    }

    /**
     * GOODBYE {@code reason} (with {@code message} in Details when not null) and leave the realm, as
     * {@code wamp.session.kill} does; false if the session was not established. Any thread.
     */
    boolean kill(String reason, String message) {
        if (state != State.ESTABLISHED) {
            return false;
        }
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
    boolean announces(String role, String feature) {
        return clientRoles.get(role) instanceof Map<?, ?> r && r.get("features") instanceof Map<?, ?> f
                && Boolean.TRUE.equals(f.get(feature));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private void onConnecting(WampMessage message) {
        if (message instanceof Hello hello) {
            onHello(hello);
        } else if (message instanceof Abort) {
            closeQuietly();
        } else {
            protocolViolation("received " + message.type() + " before HELLO");
        }
    }

    private void onHello(Hello hello) {
        if (!isValidRealmUri(hello.realm())) {
            abort(WampErrors.INVALID_URI, "invalid realm URI '" + hello.realm() + "'");
            return;
        }
        Realm target = router.realmForHello(hello.realm()).orElse(null);
        if (target == null) {
            abort(WampErrors.NO_SUCH_REALM, "no realm '" + hello.realm() + "' exists on this router");
            return;
        }
        this.id = router.newSessionId();
        this.realm = target;
        this.clientRoles = hello.details().get("roles") instanceof Map<?, ?> roles ? cast(roles) : Map.of();
        follow(router.authenticator().authenticate(new AuthRequest(target.config(), id, hello, peer.transport())));
    }

    private void onChallenging(WampMessage message) {
        if (message instanceof Authenticate authenticate) {
            Function<Authenticate, AuthOutcome> next = pendingChallenge;
            pendingChallenge = null;
            follow(next.apply(authenticate));
        } else if (message instanceof Abort) {
            closeQuietly();
        } else {
            protocolViolation("received " + message.type() + " while waiting for AUTHENTICATE");
        }
    }

    private void follow(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Granted granted) {
            welcome(granted.identity());
        } else if (outcome instanceof AuthOutcome.Challenge challenge) {
            pendingChallenge = challenge.next();
            state = State.CHALLENGING;
            send(new Challenge(challenge.authMethod(), challenge.extra()));
        } else if (outcome instanceof AuthOutcome.Denied denied) {
            LOG.info("Session {} ({}) refused in realm {}: {}", id, describePeer(), realmUri(), denied.reason());
            abort(denied.reason(), denied.message());
        }
    }

    /** Joins without HELLO: the router's own sessions. */
    void joinTrusted(Realm target, AuthIdentity who) {
        this.internal = true;
        this.id = router.newSessionId();
        this.realm = target;
        this.identity = who;
        target.join(this);
        state = State.ESTABLISHED;
    }

    /** Joins as the stand-in of {@code otherNode} in this node's routing tables; never listed, never sent to. */
    void joinAsNodeStub(Realm target, String otherNode) {
        this.node = otherNode;
        this.nodeStub = true;
        this.id = router.newSessionId();
        this.realm = target;
        this.identity = Router.ROUTER_IDENTITY;
        state = State.ESTABLISHED;
    }

    /** Joins as the proxy of session {@code origin} of {@code otherNode}, which forwarded a call here. */
    void joinAsProxy(Realm target, String otherNode, RelayMessage.Origin origin) {
        this.node = otherNode;
        this.id = origin.sessionId();
        this.realm = target;
        this.identity = origin.identity();
        this.clientRoles = origin.roles();
        state = State.ESTABLISHED;
    }

    /** The caller's roles as announced in HELLO, for a node that runs its calls (see {@link RelayMessage.Origin}). */
    Map<String, Object> callerRoles() {
        Object caller = clientRoles.get("caller");
        return caller == null ? Map.of() : Map.of("caller", caller);
    }

    /** Another node ended this session's call with ABORT (a protocol violation it detected). */
    void abortFromRelay(Abort abort) {
        Object message = abort.details().get("message");
        abort(abort.reason(), message == null ? abort.reason() : message.toString());
    }

    private void welcome(AuthIdentity who) {
        this.identity = who;
        Realm joined = realm;
        state = State.ESTABLISHED;
        joined.join(this);
        router.metrics().sessionOpened(joined.uri());
        if (router.realm(joined.uri()).orElse(null) != joined) {
            // Router.removeRealm ran while this session authenticated: it must not join a deleted realm.
            abort(WampErrors.NO_SUCH_REALM, "realm '" + joined.uri() + "' was deleted");
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("realm", joined.uri());
        details.put("authid", who.authid());
        details.put("authrole", who.authrole());
        details.put("authmethod", who.authmethod());
        details.put("authprovider", who.authprovider());
        if (!who.authextra().isEmpty()) {
            details.put("authextra", who.authextra());
        }
        details.put("roles", RouterRoles.announced());
        details.put("agent", router.agent());
        send(new Welcome(id, details));
        LOG.debug("Session {} joined realm {} as {} ({})", id, joined.uri(), who.authid(), describePeer());
    }

    private void onEstablished(WampMessage message) {
        Realm r = realm;
        if (message instanceof Publish m) {
            r.broker().publish(this, m);
        } else if (message instanceof Call m) {
            r.dealer().call(this, m);
        } else if (message instanceof Yield m) {
            r.dealer().yield(this, m);
        } else if (message instanceof Error m) {
            r.dealer().invocationError(this, m);
        } else if (message instanceof Subscribe m) {
            r.broker().subscribe(this, m);
        } else if (message instanceof Unsubscribe m) {
            r.broker().unsubscribe(this, m);
        } else if (message instanceof Register m) {
            r.dealer().register(this, m);
        } else if (message instanceof Unregister m) {
            r.dealer().unregister(this, m);
        } else if (message instanceof Cancel m) {
            r.dealer().cancel(this, m);
        } else if (message instanceof Goodbye) {
            leaveEstablished(State.CONNECTING, new Goodbye(Map.of(), WampErrors.GOODBYE_AND_OUT));
            leaveRealm();
        } else if (message instanceof Abort) {
            closeQuietly();
        } else if (message instanceof Hello) {
            protocolViolation("received a second HELLO during an established session");
        } else {
            protocolViolation("a client must not send " + message.type());
        }
    }

    private void onClosing(WampMessage message) {
        if (message instanceof Goodbye || message instanceof Abort) {
            state = State.CLOSED;
            peer.close();
        }
    }

    private void abort(String reason, String message) {
        boolean wasEstablished = state == State.ESTABLISHED || state == State.CLOSING;
        state = State.CLOSED;
        if (wasEstablished) {
            leaveRealm();
        }
        router.metrics().messageSent(io.bondy.core.message.MessageType.ABORT);
        peer.sendAndClose(new Abort(Map.of("message", message), reason));
    }

    private void closeQuietly() {
        boolean wasEstablished = state == State.ESTABLISHED;
        state = State.CLOSED;
        if (wasEstablished) {
            leaveRealm();
        }
        peer.close();
    }

    private void leaveRealm() {
        gate.forgetAnswers(); // a new HELLO on this transport is another session
        Realm r = realm;
        if (r != null && identity != null) {
            r.leave(this);
            if (isClient()) {
                router.metrics().sessionClosed(r.uri()); // only clients were counted as opened (welcome)
            }
            identity = null;
        }
        pendingChallenge = null;
    }

    private boolean isValidRealmUri(String uri) {
        return io.bondy.core.uri.UriValidator.LOOSE.isValid(uri);
    }

    private String describePeer() {
        TransportInfo t = peer.transport();
        return t.type() + (t.remote() == null ? "" : " " + t.remote());
    }

    /** The realm this session joined (or last joined); null before HELLO. */
    Realm realm() {
        return realm;
    }

    Peer peer() {
        return peer;
    }

    long nextInvocationId() {
        return io.bondy.core.id.IdGenerator.nextSessionScoped(invocationIds);
    }

    Map<Long, PendingCall> invocations() {
        return invocations;
    }

    Map<Long, PendingCall> calls() {
        return calls;
    }

    Set<Subscription> subscriptions() {
        return subscriptions;
    }

    Set<Registration> registrations() {
        return registrations;
    }

    Map<Long, String> remoteCalls() {
        return remoteCalls;
    }

    @Override
    public String toString() {
        return "WampSession[" + id + ", " + state + "]";
    }
}
