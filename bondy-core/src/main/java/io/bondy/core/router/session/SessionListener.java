package io.bondy.core.router.session;

/**
 * Told when a client session joins or leaves a realm (the router's internal sessions are not
 * reported). The session meta events and testaments use it; the broker side may too. Called on the
 * thread that joins or ends the session, after the realm's tables are updated; must not block.
 */
public interface SessionListener {

    /** {@code session} joined (its WELCOME follows). */
    default void onJoin(WampSession session) {
    }

    /**
     * {@code session} left (GOODBYE, ABORT, kill, or the transport closed); its subscriptions,
     * registrations and calls are gone, its identity is still readable.
     */
    default void onLeave(WampSession session) {
    }
}
