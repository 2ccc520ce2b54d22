package io.bondy.core.router.authz;

import io.bondy.core.WampErrors;
import io.bondy.core.config.AuthorizerSettings;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Register;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Yield;
import io.bondy.core.router.session.ClientSession;
import io.bondy.core.router.session.MessageGate;
import io.bondy.core.router.session.RealmHandle;
import io.bondy.core.spi.Action;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.Scheduler;
import io.bondy.core.thread.AnyThread;
import io.bondy.core.thread.SessionThread;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous authorization step of one client session's inbound path: when the session's
 * realm has a dynamic authorizer ({@link AuthorizerSettings}) and a CALL, REGISTER, PUBLISH or
 * SUBSCRIBE has no cached answer, the session's processing pauses while the realm's internal session
 * calls the authorizer procedure; the messages that follow wait in a bounded queue, in order, and are
 * processed once the answer is in. The decision is {@link AuthorizerCall} parsing the answer.
 *
 * <p>Rules (see {@code docs/security.md}):
 * <ul>
 *   <li>static RBAC first: when the realm enforces security and the {@link Authorizer} denies, the
 *       message goes on to the broker or dealer, which refuse it as always; the authorizer is not asked;</li>
 *   <li>the REGISTER of the authorizer procedure itself is decided by static RBAC alone;</li>
 *   <li>a callee's answers (YIELD, ERROR to an INVOCATION) are never held back, so that a session that
 *       is itself the authorizer's callee cannot wait for itself; WAMP orders nothing between a
 *       session's RPC answers and its own requests;</li>
 *   <li>one message more than {@link AuthorizerSettings#maxQueued()} while waiting ends the session
 *       (protocol violation).</li>
 * </ul>
 *
 * <p>Threading: {@link #receive} on the session's transport thread. Answers arrive on any thread
 * (the authorizer's callee, the scheduler) and are handed back to the transport thread with
 * {@link io.bondy.core.spi.Peer#execute}; the lock only guards against peers whose {@code execute}
 * runs the task at once on the calling thread (in-process peers, tests).
 */
public final class AuthorizationGate implements MessageGate {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationGate.class);

    private final Scheduler scheduler;
    private final Authorizer authorizer;
    private final RouterMetrics metrics;
    private final ClientSession session;
    private final Deque<WampMessage> queue = new ArrayDeque<>();
    /** Answers by (action, uri), least recently used first. */
    private final LinkedHashMap<Target.Key, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);
    /** The settings the cached answers were given under; other settings clear the cache. */
    private AuthorizerSettings cachedUnder;
    /** An authorizer call is in flight for the head of the queue. */
    private boolean waiting;
    private int queueLimit;
    /** Identifies the call in flight, so that a late answer to an earlier one is ignored. */
    private long ask;
    private boolean draining;
    /** Set by {@link #forgetAnswers}; the cache is emptied under the lock when next used. */
    private volatile boolean forget;

    private record Cached(boolean allow, boolean disclose, long expiresAtNanos) {
    }

    public AuthorizationGate(Scheduler scheduler, Authorizer authorizer, RouterMetrics metrics, ClientSession session) {
        this.scheduler = scheduler;
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.session = session;
    }

    /** A message from the client. Transport thread. */
    @Override
    @SessionThread
    public synchronized void receive(WampMessage message) {
        if (!waiting && queue.isEmpty()) {
            queue.add(message);
            drain();
            return;
        }
        if (isCalleeAnswer(message)) {
            session.process(message);
            return;
        }
        if (queue.size() - 1 >= queueLimit) { // the head is the message being decided
            LOG.info("Session {}: more than {} messages while waiting for the authorizer of realm {}",
                    session.id(), queueLimit, session.realmUri());
            queue.clear();
            waiting = false;
            ask++;
            session.protocolViolation("more than " + queueLimit + " messages sent while waiting for authorization"
                    + " (authorizer_max_queued)");
            return;
        }
        queue.add(message);
    }

    /** The session has ended: forget what waits. The transport thread (transportClosed). */
    @Override
    @SessionThread
    public synchronized void clear() {
        queue.clear();
        cache.clear();
        waiting = false;
        ask++;
    }

    /**
     * The session left its realm: cached answers were given to it, not to a next session on this
     * transport. Any thread, and takes no lock: another session's thread may call it (a kill, a slow
     * subscriber closed by a publisher) while holding its own gate, so the cache is emptied at this
     * session's next look at it.
     */
    @Override
    @AnyThread
    public void forgetAnswers() {
        forget = true;
    }

    private static boolean isCalleeAnswer(WampMessage m) {
        return m instanceof Yield || m instanceof Error e && e.requestType() == MessageType.INVOCATION.code();
    }

    private void drain() {
        if (draining) {
            return; // re-entered from an answer that came at once: the loop below goes on
        }
        draining = true;
        try {
            while (!waiting && !queue.isEmpty()) {
                WampMessage m = queue.peek();
                Target target = session.isEstablished() ? Target.of(m) : null;
                AuthorizerSettings settings = target == null ? AuthorizerSettings.NONE : settings();
                if (!settings.enabled() || target.isRegistrationOf(settings.procedure()) || staticallyDenied(target)) {
                    queue.poll();
                    session.process(m);
                    continue;
                }
                Cached cached = cached(settings, target);
                if (cached != null) {
                    queue.poll();
                    decide(m, target, cached.allow, cached.disclose, null);
                    continue;
                }
                waiting = true;
                queueLimit = settings.maxQueued();
                long id = ++ask;
                AuthorizerCall.start(scheduler, session, target, settings,
                        decision -> session.peer().execute(() -> resume(id, settings, decision)));
            }
        } finally {
            draining = false;
        }
    }

    private synchronized void resume(long id, AuthorizerSettings settings, AuthorizerCall.Decision decision) {
        if (!waiting || id != ask) {
            return; // the session ended or overflowed meanwhile
        }
        waiting = false;
        WampMessage m = queue.poll();
        Target target = Target.of(m);
        if (decision.cacheable() && !settings.cacheTtl().isZero() && settings.cacheSize() > 0) {
            remember(settings, target, decision.allow(), decision.disclose());
        }
        decide(m, target, decision.allow(), decision.disclose(), decision.failure());
        drain();
    }

    private void decide(WampMessage m, Target target, boolean allow, boolean disclose, String failure) {
        if (allow && disclose) {
            session.processDisclosed(disclosing(m));
            return;
        }
        if (allow) {
            session.process(m);
            return;
        }
        if (failure != null) {
            LOG.warn("Realm {}: session {} may not {} '{}': the authorizer failed ({}), so the answer is no",
                    session.realmUri(), session.id(), target.actionName(),
                    target.uri(), failure);
        } else {
            LOG.debug("Realm {}: the authorizer denies session {} to {} '{}'", session.realmUri(), session.id(),
                    target.actionName(), target.uri());
        }
        if (target.wantsReply() && session.isEstablished()) {
            String message = "session " + session.id() + " is not authorized to "
                    + target.action().permission().substring(5) + " '" + target.uri() + "'"
                    + (failure == null ? "" : " (the authorizer failed: " + failure + ")");
            metrics.errorSent(WampErrors.NOT_AUTHORIZED);
            session.send(new Error(target.requestType().code(), target.requestId(), Map.of(), WampErrors.NOT_AUTHORIZED,
                    Payload.of(List.of(message))));
        }
    }

    private AuthorizerSettings settings() {
        RealmHandle realm = session.realm();
        return realm == null ? AuthorizerSettings.NONE : authorizer.dynamicAuthorizer(realm.config());
    }

    private boolean staticallyDenied(Target target) {
        Authorizer rbac = authorizer;
        RealmHandle realm = session.realm();
        return realm != null && rbac.isEnforced(realm.config())
                && !rbac.isAllowed(session, target.action(), target.uri());
    }

    /**
     * {@code m} asking to identify its sender ({@code disclose_me}), for an authorizer that answered
     * {@code disclose: true}; unchanged where the realm never discloses callers (the realm's rule wins)
     * and for actions that have nothing to disclose.
     */
    private WampMessage disclosing(WampMessage m) {
        RealmHandle realm = session.realm();
        if (m instanceof Call c && realm != null
                && realm.config().rpc().callerDisclosure() != RpcSettings.CallerDisclosure.NEVER) {
            return new Call(c.requestId(), withDiscloseMe(c.options()), c.procedure(), c.payload());
        }
        if (m instanceof Publish p) {
            return new Publish(p.requestId(), withDiscloseMe(p.options()), p.topic(), p.payload());
        }
        return m;
    }

    private static Map<String, Object> withDiscloseMe(Map<String, Object> options) {
        Map<String, Object> copy = new LinkedHashMap<>(options);
        copy.put("disclose_me", true);
        return copy;
    }

    private Cached cached(AuthorizerSettings settings, Target target) {
        if (forget) {
            forget = false;
            cache.clear();
        }
        if (!settings.equals(cachedUnder)) {
            cache.clear();
            cachedUnder = settings;
            return null;
        }
        Cached c = cache.get(target.key());
        if (c == null) {
            return null;
        }
        if (scheduler.nanoTime() - c.expiresAtNanos >= 0) {
            cache.remove(target.key());
            return null;
        }
        return c;
    }

    private void remember(AuthorizerSettings settings, Target target, boolean allow, boolean disclose) {
        if (forget) {
            return; // asked for the session that has left since
        }
        if (!settings.equals(cachedUnder)) {
            cache.clear();
            cachedUnder = settings;
        }
        cache.put(target.key(), new Cached(allow, disclose,
                scheduler.nanoTime() + settings.cacheTtl().toNanos()));
        while (cache.size() > settings.cacheSize()) {
            cache.remove(cache.keySet().iterator().next());
        }
    }

    /**
     * What a message asks to do, in the authorizer's terms.
     *
     * @param action      CALL, REGISTER, PUBLISH or SUBSCRIBE
     * @param uri         the procedure or topic (a pattern for pattern-based registrations and subscriptions)
     * @param requestType the message's type, for the ERROR of a denial
     * @param requestId   its request id
     * @param wantsReply  whether a denial is answered (a PUBLISH only with {@code acknowledge})
     */
    record Target(Action action, String uri, MessageType requestType, long requestId,
                  boolean wantsReply) {

        record Key(Action action, String uri) {
        }

        /** The target of {@code m}, or null for messages the authorizer is not asked about. */
        static Target of(WampMessage m) {
            if (m instanceof Call c) {
                return new Target(Action.CALL, c.procedure(), MessageType.CALL, c.requestId(), true);
            } else if (m instanceof Publish p) {
                return new Target(Action.PUBLISH, p.topic(), MessageType.PUBLISH, p.requestId(),
                        p.acknowledge());
            } else if (m instanceof Subscribe s) {
                return new Target(Action.SUBSCRIBE, s.topic(), MessageType.SUBSCRIBE,
                        s.requestId(), true);
            } else if (m instanceof Register r) {
                return new Target(Action.REGISTER, r.procedure(), MessageType.REGISTER,
                        r.requestId(), true);
            }
            return null;
        }

        Key key() {
            return new Key(action, uri);
        }

        boolean isRegistrationOf(String procedure) {
            return action == Action.REGISTER && uri.equals(procedure);
        }

        /** Crossbar's name of the action: {@code call}, {@code register}, {@code publish}, {@code subscribe}. */
        String actionName() {
            return action.name().toLowerCase(Locale.ROOT);
        }
    }
}
