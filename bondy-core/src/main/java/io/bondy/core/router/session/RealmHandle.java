package io.bondy.core.router.session;

import io.bondy.core.config.RealmConfig;
import io.bondy.core.message.WampMessage;

/**
 * What a session needs of the realm it joined: its identity, joining and leaving, and the routing of
 * an established session's messages to the broker and dealer. The {@code Realm} implements it, so
 * this package does not depend on the packages that route ({@code rpc}, {@code pubsub}, {@code relay}).
 *
 * <p>Threading: thread-safe.
 */
public interface RealmHandle {

    String uri();

    RealmConfig config();

    /** The realm's own internal session (meta procedures and events); null before the realm started. */
    InternalSession meta();

    /** {@code session} is established in this realm. The joining session's thread. */
    void join(WampSession session);

    /** {@code session} left: everything it owned goes (subscriptions, registrations, calls in flight). */
    void leave(WampSession session);

    /**
     * Routes one message of an established session (PUBLISH, SUBSCRIBE, UNSUBSCRIBE, CALL, YIELD,
     * ERROR, REGISTER, UNREGISTER, CANCEL) to the broker or the dealer; any other message is a protocol
     * violation of the session. The session's thread.
     */
    void route(WampSession session, WampMessage message);

    /** Remembers an internal session joined to this realm, so it leaves when the realm is removed. */
    void track(InternalSession session);
}
