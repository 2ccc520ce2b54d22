package io.bondy.core.router.pubsub;

import io.bondy.core.router.session.WampSession;

/**
 * Told of subscription changes of this node's sessions (the subscription meta events, the cluster's
 * route announcements); not of other nodes' stubs. Called on the thread that made the change, after
 * it is done; must not block.
 */
public interface SubscriptionListener {

    /** {@code session} subscribed ({@code added} says whether the subscription is new, and the subscriber). */
    default void onSubscribed(WampSession session, SubscriptionTable.Added added) {
    }

    /** {@code session} unsubscribed from {@code sub}, or left ({@code removed} says what changed). */
    default void onUnsubscribed(WampSession session, Subscription sub, SubscriptionTable.Removed removed) {
    }
}
