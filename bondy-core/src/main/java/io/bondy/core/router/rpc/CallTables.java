package io.bondy.core.router.rpc;

import io.bondy.core.id.IdGenerator;
import io.bondy.core.router.session.SessionSlot;
import io.bondy.core.router.session.WampSession;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dealer's state of one session: its calls in flight as caller and as callee, its calls running
 * on other nodes, its registrations, and its INVOCATION request ids. Kept in the session's
 * {@link SessionSlot} and reached only through this package (and the relay, for forwarded calls).
 *
 * <p>Threading: thread-safe (concurrent maps); see {@link PendingCalls} for who adds and removes.
 */
public final class CallTables {

    private static final SessionSlot<CallTables> SLOT = SessionSlot.of(CallTables::new);

    /** As callee: invocations sent to the session and not yet answered, by INVOCATION request id. */
    final Map<Long, PendingCall> invocations = new ConcurrentHashMap<>();
    /** As caller: calls the session made that are still waiting, by CALL request id. */
    final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();
    /** As caller: calls forwarded to callees on other nodes, by CALL request id, with the node. */
    private final Map<Long, String> remoteCalls = new ConcurrentHashMap<>();
    final Set<Registration> registrations = ConcurrentHashMap.newKeySet();
    private final AtomicLong invocationIds = new AtomicLong();

    private CallTables() {
    }

    /** {@code session}'s tables, created on first use. */
    public static CallTables of(WampSession session) {
        return SLOT.of(session);
    }

    /** {@code session}'s tables, or null if it never had any. */
    static CallTables peekOf(WampSession session) {
        return SLOT.peek(session);
    }

    /** The calls {@code caller} has running on other nodes, by CALL request id, with the node (the relay's). */
    public static Map<Long, String> remoteCalls(WampSession caller) {
        return SLOT.of(caller).remoteCalls;
    }

    /** The registrations {@code session} holds (a live, read-only view). */
    public static Set<Registration> registrationsOf(WampSession session) {
        return Collections.unmodifiableSet(SLOT.of(session).registrations);
    }

    /** How many calls {@code session} has in flight as caller on this node. */
    public static int pendingAsCaller(WampSession session) {
        return SLOT.of(session).calls.size();
    }

    /** How many invocations {@code session} has in flight as callee. */
    public static int pendingAsCallee(WampSession session) {
        return SLOT.of(session).invocations.size();
    }

    /** How many calls the session has in flight as caller, here and on other nodes. */
    int callsInFlight() {
        return calls.size() + remoteCalls.size();
    }

    long nextInvocationId() {
        return IdGenerator.nextSessionScoped(invocationIds);
    }
}
