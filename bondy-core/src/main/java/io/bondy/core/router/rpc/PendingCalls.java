package io.bondy.core.router.rpc;

import io.bondy.core.config.RealmConfig;
import io.bondy.core.message.Error;
import io.bondy.core.message.WampMessage;
import io.bondy.core.spi.RouterMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The realm's calls in flight: each is in its caller's table (by CALL request id) and its callee's
 * (by INVOCATION request id). Both tables are bounded, per session and for the whole realm.
 *
 * <p>Threading: thread-safe. The realm count is reserved before a call is added and released only by
 * whoever ends the call ({@link PendingCall#answer} or {@link PendingCall#abandon} returned true).
 */
public final class PendingCalls {

    private final int maxPerSession;
    private final int maxPerRealm;
    private final AtomicInteger inFlight = new AtomicInteger();
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

    /** Answers the call with its final RESULT or ERROR and forgets it; false if it had ended already. */
    boolean answer(PendingCall call, WampMessage finalMessage) {
        if (call.answer(finalMessage)) {
            untrack(call);
            metrics.callCompleted(realm, System.nanoTime() - call.startedNanos(), !(finalMessage instanceof Error));
            return true;
        }
        return false;
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
