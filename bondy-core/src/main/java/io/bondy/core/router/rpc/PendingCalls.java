package io.bondy.core.router.rpc;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.message.Error;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.WampMessage;
import io.bondy.core.spi.RouterMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realm's calls in flight: each is in its caller's table (by CALL request id) and its callee's
 * (by INVOCATION request id). Both tables are bounded, per session and for the whole realm.
 *
 * <p>Threading: thread-safe. The realm count is reserved before a call is added and released only by
 * whoever ends the call ({@link PendingCall#answer} or {@link PendingCall#abandon} returned true).
 */
public final class PendingCalls {

    static final int LOG_EVERY = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(PendingCalls.class);

    private final int maxPerSession;
    private final int maxPerRealm;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong undeliverable = new AtomicLong();
    private final String realm;
    private final RouterMetrics metrics;

    PendingCalls(RealmConfig realm, RouterMetrics metrics) {
        this.maxPerSession = realm.rpc().maxPendingCallsPerSession();
        this.maxPerRealm = realm.rpc().maxPendingCallsPerRealm();
        this.realm = realm.uri();
        this.metrics = metrics;
    }

    /** Adds the call to both tables; returns why it cannot (a limit), or null when added. */
    String track(PendingCall call) {
        if (CallTables.of(call.caller()).calls.size() >= maxPerSession) {
            return "the caller has " + maxPerSession + " calls in flight already (the limit per session)";
        }
        if (CallTables.of(call.callee()).invocations.size() >= maxPerSession) {
            return "the callee has " + maxPerSession + " invocations in flight already (the limit per session)";
        }
        if (inFlight.incrementAndGet() > maxPerRealm) {
            inFlight.decrementAndGet();
            return "the realm has " + maxPerRealm + " calls in flight already (the limit per realm)";
        }
        CallTables.of(call.caller()).calls.put(call.callRequestId(), call);
        CallTables.of(call.callee()).invocations.put(call.invocationId(), call);
        return null;
    }

    /**
     * Answers the call with its final RESULT or ERROR and forgets it; false if it had ended already.
     * If the caller's outbound queue refuses the message, the call ends all the same: counted
     * ({@link RouterMetrics#callUndeliverable}) and a short ERROR {@code wamp.error.canceled} is
     * offered in its place (it often fits where a large RESULT did not).
     */
    boolean answer(PendingCall call, WampMessage finalMessage) {
        PendingCall.Delivery delivery = call.answer(finalMessage);
        if (delivery == PendingCall.Delivery.ENDED_BEFORE) {
            return false;
        }
        untrack(call);
        boolean queued = delivery == PendingCall.Delivery.QUEUED;
        metrics.callCompleted(realm, System.nanoTime() - call.startedNanos(), queued && !(finalMessage instanceof Error));
        if (!queued) {
            undeliverable(call, finalMessage.type(), "caller");
            Error instead = new Error(MessageType.CALL.code(), call.callRequestId(), Map.of(), WampErrors.CANCELED,
                    Payload.of(List.of("the call's " + finalMessage.type() + " could not be queued: the caller's"
                            + " outbound queue is full (it does not read fast enough)")));
            if (call.caller().offer(instead)) {
                metrics.errorSent(WampErrors.CANCELED);
            }
        }
        return true;
    }

    /**
     * Counts and logs (the first, then every {@value #LOG_EVERY}) a message of {@code call} that could
     * not be queued to its {@code side} ({@code caller} or {@code callee}).
     */
    void undeliverable(PendingCall call, MessageType type, String side) {
        metrics.callUndeliverable(realm, type);
        long n = undeliverable.incrementAndGet();
        if (n == 1 || n % LOG_EVERY == 0) {
            LOG.info("Ended call {}: its {} could not be queued, the {}'s outbound queue is full ({} in realm {} so far)",
                    call, type, side, n, realm);
        }
    }

    /** Call messages that could not be queued in this realm (diagnostics and tests). */
    public long undeliverable() {
        return undeliverable.get();
    }

    /** Forgets the call without answering (the caller left); false if it had ended already. */
    boolean abandon(PendingCall call) {
        if (call.abandon()) {
            untrack(call);
            return true;
        }
        return false;
    }

    public int inFlight() {
        return inFlight.get();
    }

    private void untrack(PendingCall call) {
        CallTables.of(call.caller()).calls.remove(call.callRequestId(), call);
        CallTables.of(call.callee()).invocations.remove(call.invocationId(), call);
        inFlight.decrementAndGet();
    }
}
