package io.bondy.transport.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes written to one connection and not yet flushed to the socket, bounded by
 * {@code maxOutboundBytes}. A message that would push the total past the bound is refused, unless
 * nothing is pending at all (so one message larger than the bound still goes out alone).
 *
 * <p>Counting our own writes, rather than reading the channel's outbound buffer, also covers
 * writes from other threads that are still queued as tasks on the channel's event loop.
 *
 * <p>Threading: lock-free, any thread.
 */
final class OutboundBudget {

    private final long maxBytes;
    private final AtomicLong pending = new AtomicLong();

    OutboundBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Reserves {@code bytes}; false if that would exceed the bound. */
    boolean tryAcquire(int bytes) {
        long after = pending.addAndGet(bytes);
        if (after > maxBytes && after != bytes) {
            pending.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Gives back what a finished (or failed) write reserved. */
    void release(int bytes) {
        pending.addAndGet(-bytes);
    }

    long pendingBytes() {
        return pending.get();
    }
}
