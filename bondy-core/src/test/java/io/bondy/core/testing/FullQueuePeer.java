package io.bondy.core.testing;

import io.bondy.core.message.WampMessage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory peer whose outbound queue can be made full for chosen messages, as a transport's is
 * when its client stops reading: {@link #offer} then refuses them and {@link #send} drops them. What
 * it accepts goes to its {@link #recorder()}.
 */
public final class FullQueuePeer extends ForwardingPeer {

    private final AtomicInteger refused = new AtomicInteger();
    private volatile Predicate<WampMessage> full = m -> false;

    public FullQueuePeer() {
        super(new RecordingPeer());
    }

    /** From now on the queue is full for the messages {@code which} accepts. */
    public void fullFor(Predicate<WampMessage> which) {
        full = which;
    }

    /** From now on the queue is full for every message. */
    public void full() {
        fullFor(m -> true);
    }

    /** From now on the queue has room again. */
    public void drained() {
        fullFor(m -> false);
    }

    /** Messages refused (or dropped by {@link #send}) so far. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void send(WampMessage message) {
        offer(message);
    }

    @Override
    public boolean offer(WampMessage message) {
        if (full.test(message)) {
            refused.incrementAndGet();
            return false;
        }
        recorder.send(message);
        return true;
    }
}
