package io.bondy.core.router.rpc;

import io.bondy.core.router.session.WampSession;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request ids of each caller's most recent progressive invocations that have ended, so that a
 * CALL chunk arriving after the end is discarded (the spec's grace table) instead of starting a new
 * call. Bounded: {@value #PER_SESSION} ids per caller, dropped when the caller leaves.
 *
 * <p>Threading: thread-safe.
 */
final class CompletedStreams {

    static final int PER_SESSION = 32;

    private final Map<WampSession, Set<Long>> bySession = new ConcurrentHashMap<>();

    void remember(PendingCall call) {
        if (!call.isProgressiveInvocation() || !call.caller().isEstablished()) {
            return;
        }
        Set<Long> ids = bySession.computeIfAbsent(call.caller(), s -> new LinkedHashSet<>());
        synchronized (ids) {
            ids.add(call.callRequestId());
            if (ids.size() > PER_SESSION) {
                ids.remove(ids.iterator().next());
            }
        }
    }

    boolean contains(WampSession caller, long requestId) {
        Set<Long> ids = bySession.get(caller);
        if (ids == null) {
            return false;
        }
        synchronized (ids) {
            return ids.contains(requestId);
        }
    }

    void forget(WampSession session) {
        bySession.remove(session);
    }
}
