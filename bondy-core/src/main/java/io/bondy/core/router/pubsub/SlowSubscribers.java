package io.bondy.core.router.pubsub;

import io.bondy.core.config.PubSubSettings;
import io.bondy.core.message.Event;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.RouterMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers EVENTs without ever waiting for a subscriber: each goes to the subscriber's bounded
 * outbound queue ({@link io.bondy.core.spi.Peer#offer}); when that queue is full the realm's
 * {@link PubSubSettings.SlowSubscriberPolicy} applies: the event is dropped for that subscriber
 * (counted in {@link RouterMetrics#eventDropped}, logged on the first drop and then every
 * {@value #LOG_EVERY}), or the session is closed with ABORT {@value #SLOW_SUBSCRIBER}
 * ({@link RouterMetrics#slowSubscriberClosed}). Either way the publisher and the other subscribers
 * go on at their own pace.
 *
 * <p>Threading: any thread (the publisher's).
 */
public final class SlowSubscribers {

    /** The ABORT reason of a session closed for not reading its events. */
    public static final String SLOW_SUBSCRIBER = "bondy.error.slow_subscriber";
    static final int LOG_EVERY = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SlowSubscribers.class);

    private final String realm;
    private final PubSubSettings.SlowSubscriberPolicy policy;
    private final RouterMetrics metrics;
    private final AtomicLong dropped = new AtomicLong();

    SlowSubscribers(String realm, PubSubSettings.SlowSubscriberPolicy policy, RouterMetrics metrics) {
        this.realm = realm;
        this.policy = policy;
        this.metrics = metrics;
    }

    /** Queues {@code event} for {@code subscriber}, or applies the policy when its queue is full. */
    void deliver(WampSession subscriber, Event event) {
        if (subscriber.offer(event)) {
            return;
        }
        if (policy == PubSubSettings.SlowSubscriberPolicy.CLOSE) {
            if (subscriber.closeAsSlowSubscriber(SLOW_SUBSCRIBER,
                    "the session's outbound queue is full: it does not read its events fast enough")) {
                metrics.slowSubscriberClosed(realm);
                LOG.info("Closed session {} in realm {}: its outbound queue is full (slow subscriber policy: close)",
                        subscriber.id(), realm);
            }
            return;
        }
        metrics.eventDropped(realm);
        long n = dropped.incrementAndGet();
        if (n == 1 || n % LOG_EVERY == 0) {
            LOG.info("Dropped an event of subscription {} for slow subscriber {} in realm {} ({} dropped in this realm)",
                    event.subscriptionId(), subscriber.id(), realm, n);
        }
    }

    /** Events dropped in this realm so far. */
    long dropped() {
        return dropped.get();
    }
}
