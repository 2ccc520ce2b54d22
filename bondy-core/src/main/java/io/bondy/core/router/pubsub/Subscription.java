package io.bondy.core.router.pubsub;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.router.session.WampSession;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One (topic, match) with the sessions subscribed to it; one id shared by all its subscribers.
 * A subscription with an event history is pinned: it exists from the realm's start and stays
 * when its last subscriber leaves, so its history keeps filling.
 */
public final class Subscription {

    private final long id;
    private final String topic;
    private final MatchPolicy match;
    private final Instant created = Instant.now();
    private final Set<WampSession> subscribers = ConcurrentHashMap.newKeySet();
    /** Stubs of other nodes with subscribers of this (topic, match) (see the relay package). */
    private final Set<WampSession> nodes = ConcurrentHashMap.newKeySet();
    private final EventHistory history;

    Subscription(long id, String topic, MatchPolicy match) {
        this(id, topic, match, null);
    }

    Subscription(long id, String topic, MatchPolicy match, EventHistory history) {
        this.id = id;
        this.topic = topic;
        this.match = match;
        this.history = history;
    }

    public long id() {
        return id;
    }

    public String topic() {
        return topic;
    }

    public MatchPolicy match() {
        return match;
    }

    public Instant created() {
        return created;
    }

    /** This node's subscribers. */
    public Set<WampSession> subscribers() {
        return subscribers;
    }

    /** The node stubs standing for subscribers on other nodes. */
    public Set<WampSession> nodes() {
        return nodes;
    }

    /** The set {@code session} belongs in: a node stub's or a subscriber's. */
    Set<WampSession> setFor(WampSession session) {
        return session.isNodeStub() ? nodes : subscribers;
    }

    /** Whether neither this node's sessions nor other nodes subscribe (a pinned one stays anyway). */
    boolean isUnused() {
        return subscribers.isEmpty() && nodes.isEmpty();
    }

    /** The event history of a pinned subscription; null for an ordinary one. */
    public EventHistory history() {
        return history;
    }

    boolean isPinned() {
        return history != null;
    }
}
