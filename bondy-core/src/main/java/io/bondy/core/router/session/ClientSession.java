package io.bondy.core.router.session;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Authenticate;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.Hello;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.core.spi.AuthRequest;
import io.bondy.core.spi.Peer;
import io.bondy.core.thread.SessionThread;
import io.bondy.core.uri.UriLimits;
import io.bondy.core.uri.UriValidator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of this node over one transport connection, and its handshake:
 * {@code CONNECTING --HELLO--> [CHALLENGING --AUTHENTICATE-->] ESTABLISHED}, then the established
 * part of {@link WampSession}. Its messages pass a {@link MessageGate} first (the realm's dynamic
 * authorizer may hold them back).
 *
 * <p>Threading: as {@link WampSession}; the handshake runs on the connection's event loop.
 */
public final class ClientSession extends WampSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private final MessageGate gate;
    /** Set while a message the dynamic authorizer told to disclose is processed (transport thread only). */
    private boolean disclosedByAuthorizer;
    private Function<Authenticate, AuthOutcome> pendingChallenge;

    public ClientSession(SessionHost host, Peer peer) {
        super(host, peer, State.CONNECTING);
        this.gate = host.gateFor(this);
    }

    @Override
    public boolean isClient() {
        return true;
    }

    /**
     * Handles one message from the client. Transport thread. The message passes the
     * {@link MessageGate} first, which may hold it back (in order) while the realm's dynamic
     * authorizer decides.
     */
    @Override
    @SessionThread
    public void receive(WampMessage message) {
        host.metrics().messageReceived(message.type());
        gate.receive(message);
    }

    /**
     * Handles a CALL or PUBLISH whose {@code disclose_me} the realm's dynamic authorizer set
     * ({@code disclose: true}): the sender is identified without needing the {@code wamp.disclose_caller}
     * or {@code wamp.disclose_publisher} permission. Transport thread.
     */
    @SessionThread
    public void processDisclosed(WampMessage message) {
        disclosedByAuthorizer = true;
        try {
            process(message);
        } finally {
            disclosedByAuthorizer = false;
        }
    }

    @Override
    public boolean disclosedByAuthorizer() {
        return disclosedByAuthorizer;
    }

    @Override
    @SessionThread
    public void transportClosed() {
        gate.clear();
        super.transportClosed();
    }

    @Override
    protected void onHandshake(WampMessage message) {
        if (state() == State.CONNECTING) {
            if (message instanceof Hello hello) {
                onHello(hello);
            } else if (message instanceof Abort) {
                closeQuietly();
            } else {
                protocolViolation("received " + message.type() + " before HELLO");
            }
        } else if (message instanceof Authenticate authenticate) {
            Function<Authenticate, AuthOutcome> next = pendingChallenge;
            pendingChallenge = null;
            follow(next.apply(authenticate));
        } else if (message instanceof Abort) {
            closeQuietly();
        } else {
            protocolViolation("received " + message.type() + " while waiting for AUTHENTICATE");
        }
    }

    private void onHello(Hello hello) {
        String overLimits = host.uriLimits().violation(hello.realm());
        if (overLimits != null) {
            abort(WampErrors.INVALID_URI, "realm URI '" + UriLimits.abbreviate(hello.realm()) + "' " + overLimits);
            return;
        }
        if (!UriValidator.LOOSE.isValid(hello.realm())) {
            abort(WampErrors.INVALID_URI, "invalid realm URI '" + hello.realm() + "'");
            return;
        }
        RealmHandle target = host.realmForHello(hello.realm()).orElse(null);
        if (target == null) {
            abort(WampErrors.NO_SUCH_REALM, "no realm '" + hello.realm() + "' exists on this router");
            return;
        }
        joining(host.newSessionId(), target,
                hello.details().get("roles") instanceof Map<?, ?> roles ? cast(roles) : Map.of());
        follow(host.authenticator().authenticate(new AuthRequest(target.config(), id(), hello, peer.transport())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private void follow(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Granted granted) {
            welcome(granted.identity());
        } else if (outcome instanceof AuthOutcome.Challenge challenge) {
            pendingChallenge = challenge.next();
            synchronized (lock) {
                state(State.CHALLENGING);
            }
            send(new Challenge(challenge.authMethod(), challenge.extra()));
        } else if (outcome instanceof AuthOutcome.Denied denied) {
            LOG.info("Session {} ({}) refused in realm {}: {}", id(), describePeer(), realmUri(), denied.reason());
            abort(denied.reason(), denied.message());
        }
    }

    private void welcome(AuthIdentity who) {
        RealmHandle joined = realm();
        establish(id(), joined, who);
        joined.join(this);
        host.metrics().sessionOpened(joined.uri());
        if (!host.isCurrent(joined)) {
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
        details.put("agent", host.agent());
        send(new Welcome(id(), details));
        LOG.info("Session {} joined realm {} as {} (authmethod {}, {})", id(), joined.uri(), who.authid(),
                who.authmethod(), describePeer());
    }

    @Override
    protected boolean leaveRealm() {
        gate.forgetAnswers(); // a new HELLO on this transport is another session
        AuthIdentity who = identity();
        String uri = realm() == null ? null : realmUri();
        boolean left = super.leaveRealm();
        if (left && who != null && uri != null) { // logged once, by the thread that left
            LOG.info("Session {} left realm {} ({}, {})", id(), uri, who.authid(), describePeer());
        }
        pendingChallenge = null;
        return left;
    }
}
