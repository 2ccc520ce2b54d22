package io.bondy.transport.pipeline;

import io.bondy.core.message.MessageType;
import io.bondy.core.spi.RouterMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts messages dropped on the way to one connection: every drop goes to
 * {@link RouterMetrics#outboundDropped}; the log gets the first drop and then one line every
 * {@value #LOG_EVERY} drops, so a slow consumer cannot flood it. Refusals of {@code Peer.offer} are
 * counted the same way but logged at DEBUG ({@link #refused}). Threading: any thread.
 */
final class DropLog {

    static final int LOG_EVERY = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(DropLog.class);

    private final RouterMetrics metrics;
    private final AtomicLong dropped = new AtomicLong();

    DropLog(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    void dropped(MessageType type, Object peer, String why) {
        metrics.outboundDropped(type);
        long n = dropped.incrementAndGet();
        if (n == 1 || n % LOG_EVERY == 0) {
            LOG.info("Dropped {} to {}: {} ({} dropped on this connection so far)", type, peer, why, n);
        }
    }

    /**
     * A message {@code Peer.offer} refused because the outbound queue is full: counted like a drop, but
     * logged only at DEBUG, since the router decides what it means and logs that itself.
     */
    void refused(MessageType type, Object peer) {
        metrics.outboundDropped(type);
        long n = dropped.incrementAndGet();
        LOG.debug("Refused {} to {}: more than the outbound limit is queued ({} on this connection so far)",
                type, peer, n);
    }

    long count() {
        return dropped.get();
    }
}
