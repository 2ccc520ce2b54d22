package io.bondy.core.router.pubsub;

import io.bondy.core.id.RouterIds;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.router.session.SessionSlot;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.uri.UriIndex;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
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
public final class SubscriptionTable {

    /** The outcome of adding a subscriber. */
    public record Added(Subscription subscription, boolean created, boolean newSubscriber) {
    }

    /** The outcome of removing a subscriber. */
    public record Removed(boolean wasSubscribed, boolean deleted) {
    }

    /** Each session's subscriptions, so they can go when it leaves. */
    private static final SessionSlot<Set<Subscription>> BY_SESSION = SessionSlot.of(ConcurrentHashMap::newKeySet);

    private final RouterIds ids;
    private final String realm;
    /** PubSub prefix matching is a plain string prefix, per the spec's text. */
    private final UriIndex<Subscription> index = new UriIndex<>(false);
    private final Map<Long, Subscription> byId = new ConcurrentHashMap<>();

    /**
     * Subscriptions of {@code realm} get the id derived from (realm, topic, match)
     * ({@link RouterIds#subscriptionId(String, String, String)}, the same on every node of a cluster), or
     * one of {@code ids} if another subscription of this table has it already (a collision of the hash).
     */
    SubscriptionTable(RouterIds ids, String realm) {
        this.ids = ids;
        this.realm = realm;
    }

    /** A new subscription with its derived id, or a counted one on a collision; entered by id. Inside the index's update. */
    private Subscription create(String topic, MatchPolicy match, EventHistory history) {
        Subscription s = history == null
                ? new Subscription(RouterIds.subscriptionId(realm, topic, match.wireName()), topic, match)
                : new Subscription(RouterIds.subscriptionId(realm, topic, match.wireName()), topic, match, history);
        if (byId.putIfAbsent(s.id(), s) != null) {
            s = history == null ? new Subscription(ids.subscriptionId(), topic, match)
                    : new Subscription(ids.subscriptionId(), topic, match, history);
            byId.put(s.id(), s);
        }
        return s;
    }

    /** Creates a subscription that stays without subscribers (history topics). */
    Subscription pin(String topic, MatchPolicy match, EventHistory history) {
        return index.update(topic, match, existing -> existing != null ? existing : create(topic, match, history));
    }

    Added add(WampSession session, String topic, MatchPolicy match) {
        return add(session, topic, match, s -> { });
    }

    /**
     * Adds {@code session} to the subscription of (topic, match), creating it if needed.
     * {@code beforeVisible} runs with the subscription once its id is known and before a publisher can
     * see the session among its subscribers: the broker queues SUBSCRIBED there, so that no EVENT routed
     * by another thread can reach the session's outbox ahead of it.
     */
    Added add(WampSession session, String topic, MatchPolicy match, Consumer<Subscription> beforeVisible) {
        boolean[] outcome = new boolean[2];
        Subscription sub = index.update(topic, match, existing -> {
            Subscription s = existing;
            if (s == null) {
                s = create(topic, match, null);
                outcome[0] = true;
            }
            beforeVisible.accept(s);
            outcome[1] = s.add(session);
            return s;
        });
        BY_SESSION.of(session).add(sub);
        return new Added(sub, outcome[0], outcome[1]);
    }

    Removed remove(WampSession session, Subscription sub) {
        BY_SESSION.of(session).remove(sub);
        boolean[] outcome = new boolean[2];
        index.update(sub.topic(), sub.match(), s -> {
            if (s != sub) {
                return s;
            }
            outcome[0] = s.remove(session);
            if (s.isUnused() && !s.isPinned()) {
                byId.remove(s.id());
                outcome[1] = true;
                return null;
            }
            return s;
        });
        return new Removed(outcome[0], outcome[1]);
    }

    /** The subscriptions {@code session} holds (a live view; empty if none). */
    public static Set<Subscription> of(WampSession session) {
        Set<Subscription> subs = BY_SESSION.peek(session);
        return subs == null ? Set.of() : subs;
    }

    public Subscription byId(long id) {
        return byId.get(id);
    }

    /** The subscription for exactly (topic, match), if any. */
    public Subscription lookup(String topic, MatchPolicy match) {
        return index.get(topic, match);
    }

    /** Every subscription matching a concrete topic: exact, prefix and wildcard. */
    public void forEachMatch(String topic, Consumer<Subscription> action) {
        index.forEachMatch(topic, action);
    }

    public Collection<Subscription> all() {
        return byId.values();
    }
}
