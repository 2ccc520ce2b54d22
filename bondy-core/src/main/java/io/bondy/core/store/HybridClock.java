package io.bondy.core.store;

import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni et al.): readings follow wall time but never go backwards and
 * always exceed every reading seen from other nodes, so causally later writes win.
 * Layout: milliseconds in the high 48 bits, a logical counter in the low 16.
 *
 * <p>Threading: thread-safe.
 */
public final class HybridClock {

    private final LongSupplier wallMillis;
    private long last;

    public HybridClock() {
        this(System::currentTimeMillis);
    }

    public HybridClock(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    /** A reading for a local event (a write). */
    public synchronized long now() {
        long physical = wallMillis.getAsLong() << 16;
        last = Math.max(last + 1, physical);
        return last;
    }

    /** Advances past a reading received from another node (a replicated write). */
    public synchronized long observe(long remote) {
        long physical = wallMillis.getAsLong() << 16;
        last = Math.max(Math.max(last + 1, remote + 1), physical);
        return last;
    }
}
