package io.bondy.core.router;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.uri.UriIndex;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A realm's subscriptions, by (topic, match) in a {@link UriIndex} (matching costs the length of
 * the topic, never a scan) and by id.
 *
 * <p>Threading: reads take no lock; adding and removing a subscriber are atomic per (topic, match)
 * (the index serializes its writes), so a subscription is deleted exactly when its last subscriber
 * goes and a concurrent subscriber never joins a deleted one.
 */
final class SubscriptionTable {

    /** The outcome of adding a subscriber. */
    record Added(Subscription subscription, boolean created, boolean newSubscriber) {
    }

    /** The outcome of removing a subscriber. */
    record Removed(boolean wasSubscribed, boolean deleted) {
    }

    private final RouterIds ids;
    /** PubSub prefix matching is a plain string prefix, per the spec's text. */
    private final UriIndex<Subscription> index = new UriIndex<>(false);
    private final Map<Long, Subscription> byId = new ConcurrentHashMap<>();

    SubscriptionTable(RouterIds ids) {
        this.ids = ids;
    }

    /** Creates a subscription that stays without subscribers (history topics). */
    Subscription pin(String topic, MatchPolicy match, EventHistory history) {
        Subscription pinned = index.update(topic, match,
                existing -> existing != null ? existing : new Subscription(ids.subscriptionId(), topic, match, history));
        byId.put(pinned.id(), pinned);
        return pinned;
    }

    Added add(WampSession session, String topic, MatchPolicy match) {
        boolean[] outcome = new boolean[2];
        Subscription sub = index.update(topic, match, existing -> {
            Subscription s = existing;
            if (s == null) {
                s = new Subscription(ids.subscriptionId(), topic, match);
                outcome[0] = true;
            }
            outcome[1] = s.setFor(session).add(session);
            byId.put(s.id(), s);
            return s;
        });
        session.subscriptions().add(sub);
        return new Added(sub, outcome[0], outcome[1]);
    }

    Removed remove(WampSession session, Subscription sub) {
        session.subscriptions().remove(sub);
        boolean[] outcome = new boolean[2];
        index.update(sub.topic(), sub.match(), s -> {
            if (s != sub) {
                return s;
            }
            outcome[0] = s.setFor(session).remove(session);
            if (s.isUnused() && !s.isPinned()) {
                byId.remove(s.id());
                outcome[1] = true;
                return null;
            }
            return s;
        });
        return new Removed(outcome[0], outcome[1]);
    }

    Subscription byId(long id) {
        return byId.get(id);
    }

    /** The subscription for exactly (topic, match), if any. */
    Subscription lookup(String topic, MatchPolicy match) {
        return index.get(topic, match);
    }

    /** Every subscription matching a concrete topic: exact, prefix and wildcard. */
    void forEachMatch(String topic, Consumer<Subscription> action) {
        index.forEachMatch(topic, action);
    }

    Collection<Subscription> all() {
        return byId.values();
    }
}
