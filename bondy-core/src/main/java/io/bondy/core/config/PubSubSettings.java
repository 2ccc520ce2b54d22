package io.bondy.core.config;

import io.bondy.core.message.MatchPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A realm's PubSub settings (the {@code pubsub { ... }} block of a realm in the configuration).
 * Every store has a bound; the defaults let a laptop run with no configuration at all.
 *
 * @param retention      bounds of the retained-event store ({@code retain} / {@code get_retained})
 * @param history        topics whose events are kept for {@code wamp.subscription.get_events}; none by default
 * @param slowSubscriber what happens to a subscriber whose outbound queue is full
 * @param trustLevels    rules assigning {@code EVENT.Details.trustlevel}; the first matching rule wins, and
 *                       an event no rule matches carries no trust level
 */
public record PubSubSettings(Retention retention, List<HistoryTopic> history, SlowSubscriberPolicy slowSubscriber,
                             List<TrustLevelRule> trustLevels) {

    public static final PubSubSettings DEFAULTS = new PubSubSettings(Retention.DEFAULTS, List.of(),
            SlowSubscriberPolicy.DROP, List.of());

    public PubSubSettings {
        retention = retention == null ? Retention.DEFAULTS : retention;
        history = history == null ? List.of() : List.copyOf(history);
        slowSubscriber = slowSubscriber == null ? SlowSubscriberPolicy.DROP : slowSubscriber;
        trustLevels = trustLevels == null ? List.of() : List.copyOf(trustLevels);
    }

    /** A copy with another slow-subscriber policy. */
    public PubSubSettings withSlowSubscriber(SlowSubscriberPolicy policy) {
        return new PubSubSettings(retention, history, policy, trustLevels);
    }

    /** A copy with these history topics. */
    public PubSubSettings withHistory(List<HistoryTopic> topics) {
        return new PubSubSettings(retention, topics, slowSubscriber, trustLevels);
    }

    /** A copy with these trust-level rules. */
    public PubSubSettings withTrustLevels(List<TrustLevelRule> rules) {
        return new PubSubSettings(retention, history, slowSubscriber, rules);
    }

    /** A copy with these retention bounds. */
    public PubSubSettings withRetention(Retention bounds) {
        return new PubSubSettings(bounds, history, slowSubscriber, trustLevels);
    }

    /**
     * Bounds of the retained-event store: at most {@code maxEvents} events and {@code maxBytes} of
     * payload (estimated) per realm, each kept for at most {@code ttl}. The least recently published
     * topic goes first when a bound is reached.
     */
    public record Retention(int maxEvents, long maxBytes, Duration ttl) {

        public static final Retention DEFAULTS = new Retention(10_000, 16L << 20, Duration.ofHours(24));

        public Retention {
            if (maxEvents < 0 || maxBytes < 0) {
                throw new IllegalArgumentException("retention bounds must not be negative");
            }
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("retention ttl must be positive");
            }
        }

        /** Whether retention is on at all (a zero bound turns it off). */
        public boolean enabled() {
            return maxEvents > 0 && maxBytes > 0;
        }
    }

    /**
     * A topic (pattern) whose events the broker keeps: the broker holds a subscription for it from
     * the start, so its id is known ({@code wamp.subscription.lookup}) and its history fills even
     * while nobody is subscribed.
     */
    public record HistoryTopic(String topic, MatchPolicy match, int maxEvents, Duration maxAge) {

        public HistoryTopic {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxEvents <= 0) {
                throw new IllegalArgumentException("history max events must be positive");
            }
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("history max age must be positive");
            }
        }
    }

    /** What the broker does with a subscriber whose outbound queue is full. */
    public enum SlowSubscriberPolicy {
        /** Drop the event for that subscriber (counted and logged); the session stays. */
        DROP,
        /** Close the session with ABORT {@value SlowSubscribers#SLOW_SUBSCRIBER}. */
        CLOSE
    }

    /**
     * Assigns {@code level} to events whose topic starts with {@code topicPrefix} (null: any topic)
     * published by a session of {@code authrole} (null: any role).
     */
    public record TrustLevelRule(String topicPrefix, String authrole, int level) {

        public TrustLevelRule {
            if (level < 0) {
                throw new IllegalArgumentException("trust level must not be negative");
            }
        }

        public boolean matches(String topic, String publisherRole) {
            return (topicPrefix == null || topic.startsWith(topicPrefix))
                    && (authrole == null || authrole.equals(publisherRole));
        }
    }
}
