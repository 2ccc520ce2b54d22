package io.bondy.core.router.meta;

import io.bondy.core.message.Payload;
import io.bondy.core.router.pubsub.Subscription;
import io.bondy.core.router.pubsub.SubscriptionListener;
import io.bondy.core.router.pubsub.SubscriptionTable;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.WampSession;
import java.util.List;
import java.util.Map;

/**
 * Publishes the subscription meta events through the realm's internal session (so they take the
 * ordinary broker path): {@code wamp.subscription.on_create} before {@code on_subscribe}, and
 * {@code on_unsubscribe} before {@code on_delete}, as the spec orders them.
 *
 * <p>Threading: any thread; until the realm's meta session exists, nothing is published.
 */
final class SubscriptionMetaEvents implements SubscriptionListener {

    static final String ON_CREATE = "wamp.subscription.on_create";
    static final String ON_SUBSCRIBE = "wamp.subscription.on_subscribe";
    static final String ON_UNSUBSCRIBE = "wamp.subscription.on_unsubscribe";
    static final String ON_DELETE = "wamp.subscription.on_delete";

    private volatile InternalSession meta;

    void start(InternalSession session) {
        this.meta = session;
    }

    @Override
    public void onSubscribed(WampSession session, SubscriptionTable.Added added) {
        if (added.created()) {
            publish(ON_CREATE, session.id(), details(added.subscription()));
        }
        if (added.newSubscriber()) {
            publish(ON_SUBSCRIBE, session.id(), added.subscription().id());
        }
    }

    @Override
    public void onUnsubscribed(WampSession session, Subscription sub, SubscriptionTable.Removed removed) {
        if (removed.wasSubscribed()) {
            publish(ON_UNSUBSCRIBE, session.id(), sub.id());
        }
        if (removed.deleted()) {
            publish(ON_DELETE, session.id(), sub.id());
        }
    }

    /** The spec's {@code SubscriptionDetails}. */
    static Map<String, Object> details(Subscription sub) {
        return Map.of("id", sub.id(), "created", sub.created().toString(), "uri", sub.topic(),
                "match", sub.match().wireName());
    }

    private void publish(String topic, long sessionId, Object second) {
        InternalSession session = meta;
        if (session != null && session.id() != sessionId) {
            session.publish(topic, Payload.of(List.of(sessionId, second)), Map.of());
        }
    }
}
