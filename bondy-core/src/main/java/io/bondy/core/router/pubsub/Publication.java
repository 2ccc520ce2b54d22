package io.bondy.core.router.pubsub;

import io.bondy.core.message.Event;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.Payload;
import io.bondy.core.message.PptOptions;
import io.bondy.core.message.Publish;
import io.bondy.core.message.PublishOptions;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.AuthIdentity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One accepted publication and the EVENTs it becomes: the details every subscriber gets
 * (publisher identification, trust level, ppt_* attributes) are computed once, and each
 * subscription adds only what is its own ({@code topic} for pattern subscriptions,
 * {@code retained} for a retained event). Immutable.
 */
public final class Publication {

    private final long id;
    private final String topic;
    private final Payload payload;
    private final EventFilter filter;
    private final Map<String, Object> details;

    private Publication(long id, String topic, Payload payload, EventFilter filter, Map<String, Object> details) {
        this.id = id;
        this.topic = topic;
        this.payload = payload;
        this.filter = filter;
        this.details = details;
    }

    /**
     * @param trustlevel the level assigned by the realm's rules, or null for none
     */
    static Publication of(long id, Publish m, WampSession publisher, Integer trustlevel) {
        return of(id, m, PublishOptions.of(m), publisher, trustlevel);
    }

    /** As {@link #of(long, Publish, WampSession, Integer)}, with the options the broker has read already. */
    static Publication of(long id, Publish m, PublishOptions options, WampSession publisher, Integer trustlevel) {
        Map<String, Object> details = options.discloseMe() || trustlevel != null || PptOptions.any(m.options())
                ? details(m, options, publisher, trustlevel) : Map.of(); // the usual case: no map made
        return new Publication(id, m.topic(), m.payload(), EventFilter.of(m, options.excludeMe(), publisher.id()),
                details);
    }

    private static Map<String, Object> details(Publish m, PublishOptions options, WampSession publisher,
            Integer trustlevel) {
        Map<String, Object> details = new LinkedHashMap<>();
        AuthIdentity who = publisher.identity();
        if (options.discloseMe()) {
            details.put("publisher", publisher.id());
            if (who != null) {
                details.put("publisher_authid", who.authid());
                details.put("publisher_authrole", who.authrole());
            }
        }
        if (trustlevel != null) {
            details.put("trustlevel", trustlevel);
        }
        PptOptions.copyInto(m.options(), details);
        return details.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(details);
    }

    /** A publication another node accepted, with the details it computed (see the relay package). */
    static Publication relayed(long id, Publish m, long publisherId, Map<String, Object> details) {
        return new Publication(id, m.topic(), m.payload(), EventFilter.of(m, m.excludeMe(), publisherId),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details)));
    }

    public long id() {
        return id;
    }

    String topic() {
        return topic;
    }

    Payload payload() {
        return payload;
    }

    EventFilter filter() {
        return filter;
    }

    /** The EVENT's details for {@code sub} (without the subscription-specific keys). */
    public Map<String, Object> details() {
        return details;
    }

    /** The EVENT subscribers of {@code sub} receive. */
    Event eventFor(Subscription sub) {
        return eventFor(sub, false);
    }

    /** The EVENT, marked {@code retained} when delivered from the retained store on SUBSCRIBE. */
    Event eventFor(Subscription sub, boolean retained) {
        boolean pattern = sub.match() != MatchPolicy.EXACT;
        if (!pattern && !retained) {
            return new Event(sub.id(), id, details, payload);
        }
        if (pattern && !retained && details.isEmpty()) {
            return new Event(sub.id(), id, Map.of("topic", topic), payload); // the usual case: no copy to make
        }
        Map<String, Object> d = new LinkedHashMap<>(details);
        if (pattern) {
            d.put("topic", topic);
        }
        if (retained) {
            d.put("retained", true);
        }
        return new Event(sub.id(), id, d, payload);
    }
}
