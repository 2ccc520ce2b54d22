package io.bondy.core.router.pubsub;

import io.bondy.core.config.PubSubSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The event history of one history topic (a pinned subscription): the events published to it in
 * the order the broker received them, at most {@code maxEvents}, none older than {@code maxAge}
 * (pruned on every access, no timer).
 *
 * <p>Events whose publisher restricted the receivers (any black/white list) are not stored: session
 * ids are ephemeral (the spec says not to store those), and the history procedure does not know the
 * caller's authid/authrole to apply the others, so leaving them out is the way that never leaks.
 *
 * <p>Threading: one lock per history; appends come from publishers' threads.
 */
public final class EventHistory {

    /** A stored event and when the broker received it (epoch millis). */
    record Stored(Publication publication, long atMillis) {
    }

    private final int maxEvents;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    private final Deque<Stored> events = new ArrayDeque<>();

    EventHistory(PubSubSettings.HistoryTopic config, LongSupplier clockMillis) {
        this.maxEvents = config.maxEvents();
        this.maxAgeMillis = config.maxAge().toMillis();
        this.clock = clockMillis;
    }

    /** Stores {@code p} unless it was published to a restricted set of receivers. */
    synchronized void append(Publication p) {
        if (p.filter().isRestricted()) {
            return;
        }
        events.addLast(new Stored(p, clock.getAsLong()));
        while (events.size() > maxEvents) {
            events.removeFirst();
        }
    }

    /** The live events, oldest first. */
    public synchronized List<Stored> snapshot() {
        long oldest = clock.getAsLong() - maxAgeMillis;
        while (!events.isEmpty() && events.peekFirst().atMillis() < oldest) {
            events.removeFirst();
        }
        return new ArrayList<>(events);
    }
}
