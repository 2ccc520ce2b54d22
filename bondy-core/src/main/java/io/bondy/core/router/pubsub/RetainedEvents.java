package io.bondy.core.router.pubsub;

import io.bondy.core.config.PubSubSettings;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.router.session.WampSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The realm's retained events ({@code PUBLISH.Options.retain}, {@code SUBSCRIBE.Options.get_retained}),
 * in memory, best effort, bounded.
 *
 * <p>Per topic it keeps the latest event every subscriber could receive, plus the black/white-listed
 * events published after it (at most {@value #MAX_PER_TOPIC}), so a new subscriber gets the most recent
 * retained event it is eligible for and never one it is not. Bounds: {@code maxEvents} events and
 * {@code maxBytes} of (estimated) payload per realm, the least recently published topic evicted first;
 * each event expires {@code ttl} after publication (checked on access, no timer).
 *
 * <p>Threading: one lock; taken on PUBLISH with {@code retain} and on SUBSCRIBE with
 * {@code get_retained} only, never on the ordinary publish path.
 */
final class RetainedEvents {

    static final int MAX_PER_TOPIC = 8;

    private record Entry(Publication publication, long expiresAt, long bytes) {
    }

    private final PubSubSettings.Retention bounds;
    private final LongSupplier clock;
    /** Iteration order: least recently published topic first. */
    private final LinkedHashMap<String, Deque<Entry>> byTopic = new LinkedHashMap<>();
    private int count;
    private long bytes;

    RetainedEvents(PubSubSettings.Retention bounds) {
        this(bounds, System::currentTimeMillis);
    }

    RetainedEvents(PubSubSettings.Retention bounds, LongSupplier clockMillis) {
        this.bounds = bounds;
        this.clock = clockMillis;
    }

    boolean enabled() {
        return bounds.enabled();
    }

    /** Retains {@code p} as its topic's retained event. An event larger than the whole store is not kept. */
    synchronized void retain(Publication p) {
        long size = PayloadSize.of(p.payload()) + p.topic().length();
        if (!bounds.enabled() || size > bounds.maxBytes()) {
            return;
        }
        Deque<Entry> events = byTopic.remove(p.topic());
        if (events == null) {
            events = new ArrayDeque<>(2);
        }
        if (!p.filter().isRestricted()) {
            while (!events.isEmpty()) {
                forget(events.removeFirst());
            }
        } else if (events.size() >= MAX_PER_TOPIC) {
            // keep the unrestricted base (first) if there is one; drop the oldest restricted event
            Entry first = events.removeFirst();
            if (first.publication().filter().isRestricted()) {
                forget(first);
            } else {
                forget(events.removeFirst());
                events.addFirst(first);
            }
        }
        events.addLast(new Entry(p, clock.getAsLong() + bounds.ttl().toMillis(), size));
        count++;
        bytes += size;
        byTopic.put(p.topic(), events);
        evict();
    }

    /**
     * The retained events {@code subscriber} of {@code sub} should get: for each retained topic
     * the subscription matches, the most recent live event the subscriber is eligible for.
     */
    synchronized List<Publication> forSubscriber(Subscription sub, WampSession subscriber) {
        List<Publication> out = new ArrayList<>();
        long now = clock.getAsLong();
        if (sub.match() == MatchPolicy.EXACT) {
            addEligible(byTopic.get(sub.topic()), subscriber, now, out);
        } else {
            for (Map.Entry<String, Deque<Entry>> e : byTopic.entrySet()) {
                if (TopicPattern.matches(sub.topic(), sub.match(), e.getKey())) {
                    addEligible(e.getValue(), subscriber, now, out);
                }
            }
        }
        return out;
    }

    synchronized int size() {
        return count;
    }

    synchronized long bytes() {
        return bytes;
    }

    private static void addEligible(Deque<Entry> events, WampSession subscriber, long now, List<Publication> out) {
        if (events == null) {
            return;
        }
        Iterator<Entry> newestFirst = events.descendingIterator();
        while (newestFirst.hasNext()) {
            Entry e = newestFirst.next();
            if (e.expiresAt() > now && e.publication().filter().admits(subscriber)) {
                out.add(e.publication());
                return;
            }
        }
    }

    /** Drops expired topics from the old end, then whole topics until within bounds. */
    private void evict() {
        long now = clock.getAsLong();
        Iterator<Map.Entry<String, Deque<Entry>>> oldestFirst = byTopic.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Deque<Entry> events = oldestFirst.next().getValue();
            boolean expired = events.peekLast().expiresAt() <= now;
            if (!expired && count <= bounds.maxEvents() && bytes <= bounds.maxBytes()) {
                return;
            }
            for (Entry e : events) {
                forget(e);
            }
            oldestFirst.remove();
        }
    }

    private void forget(Entry e) {
        count--;
        bytes -= e.bytes();
    }
}
