package io.bondy.core.router.pubsub;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.router.session.WampSession;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final Set<WampSession> readOnlySubscribers = java.util.Collections.unmodifiableSet(subscribers);
    /** Counts changes to {@link #subscribers}, each after the change itself. */
    private final AtomicInteger subscribersVersion = new AtomicInteger();
    /** {@link #subscribers} as an array, for the broker's dispatch; rebuilt when it is older than a change. */
    private volatile Snapshot snapshot = new Snapshot(new WampSession[0], 0);
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

    /** This node's subscribers (read-only: {@link #add} and {@link #remove} change them). */
    public Set<WampSession> subscribers() {
        return readOnlySubscribers;
    }

    /**
     * This node's subscribers as an array to iterate on the publish path (iterating a concurrent set
     * scans its whole table for every event). It holds every subscriber added before the call began and
     * none removed before it; it is rebuilt once after a change, so it costs a publish nothing more than
     * the iteration it replaces. Do not modify it.
     */
    WampSession[] subscriberArray() {
        int version = subscribersVersion.get();
        Snapshot s = snapshot;
        if (s.version != version) {
            s = new Snapshot(subscribers.toArray(new WampSession[0]), version);
            snapshot = s; // a racing rebuild may replace it with an equally fresh one: harmless
        }
        return s.sessions;
    }

    private record Snapshot(WampSession[] sessions, int version) {
    }

    /** The node stubs standing for subscribers on other nodes. */
    public Set<WampSession> nodes() {
        return nodes;
    }

    /** Adds a subscriber, or a node stub to {@link #nodes}; false if it was there already. */
    boolean add(WampSession session) {
        if (session.isNodeStub()) {
            return nodes.add(session);
        }
        boolean added = subscribers.add(session);
        if (added) {
            subscribersVersion.incrementAndGet();
        }
        return added;
    }

    /** Removes a subscriber, or a node stub from {@link #nodes}; false if it was not there. */
    boolean remove(WampSession session) {
        if (session.isNodeStub()) {
            return nodes.remove(session);
        }
        boolean removed = subscribers.remove(session);
        if (removed) {
            subscribersVersion.incrementAndGet();
        }
        return removed;
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
