package io.bondy.cluster.routing;

import io.bondy.cluster.membership.ClusterMembership;
import io.bondy.cluster.membership.PeerService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread ("bondy-relay-send") that hands routing messages to JGroups. A JGroups send may block
 * (a full TCP send buffer, a connection being set up, flow control), and the routing code sends from
 * a client's event loop or from JGroups' delivery thread: neither may wait for the network. So
 * {@link #offer} only queues, in a bounded queue, and this thread sends, in the order offered (one
 * queue, one thread: messages to one node keep their order, as the relay promises).
 *
 * <p>A message that finds the queue full is refused ({@code false}) and counted; the caller decides
 * what that means for its exchange (see {@link io.bondy.core.spi.ClusterRelay#send}). A send that fails
 * later (the node left meanwhile, the channel closed) is counted and logged at DEBUG: a departure ends
 * the calls that were on their way there, and the routing state's repair resends announcements.
 *
 * <p>Threading: {@link #offer} from any thread, never blocks.
 */
final class RelaySender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelaySender.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** One message: to {@code node}, or to every other member when {@code node} is null. */
    private record Outgoing(String node, byte[] bytes) {
    }

    private final ClusterMembership membership;
    private final BlockingQueue<Outgoing> queue;
    private final int capacity;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private volatile boolean closed;

    RelaySender(ClusterMembership membership, int capacity) {
        this.membership = membership;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "bondy-relay-send");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code bytes} for {@code node} (null: every other member); false if the queue is full or closed. */
    boolean offer(String node, byte[] bytes) {
        if (closed) {
            return false;
        }
        if (queue.offer(new Outgoing(node, bytes))) {
            return true;
        }
        long n = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
            LOG.warn("The cluster relay's send queue is full ({} messages, cluster.relay_max_queue): a message to {}"
                    + " was refused ({} so far); calls to other nodes fail until it drains", capacity,
                    node == null ? "all members" : node, n);
        }
        return false;
    }

    /** Counters: messages sent, refused because the queue was full, failed when sent; and queued now. */
    java.util.Map<String, Long> stats() {
        return java.util.Map.of("relay_sent", sent.get(), "relay_refused", refused.get(),
                "relay_send_failures", failed.get(), "relay_queued", (long) queue.size());
    }

    long refused() {
        return refused.get();
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Outgoing out;
            try {
                out = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (out == null) {
                continue;
            }
            boolean ok;
            try {
                ok = out.node() == null ? membership.sendToAll(PeerService.ROUTING, out.bytes())
                        : membership.sendTo(out.node(), PeerService.ROUTING, out.bytes());
            } catch (RuntimeException e) {
                ok = false;
                LOG.debug("Relay send to {} failed", out.node(), e);
            }
            if (ok) {
                sent.incrementAndGet();
            } else {
                failed.incrementAndGet();
                LOG.debug("A routing message to {} could not be sent", out.node() == null ? "all members" : out.node());
            }
        }
    }

    /** Stops taking messages; sends what is queued for up to a second, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
