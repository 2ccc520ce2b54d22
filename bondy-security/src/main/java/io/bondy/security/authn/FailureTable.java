package io.bondy.security.authn;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failed authentications per key (an address, or an identity) within a window that starts at the
 * key's first failure; {@code maxFailures} of them block the key for {@code block}. Each failure also
 * names its <em>partner</em> (the identity tried from an address, or the address an identity was tried
 * from), and the table remembers how many failures each of the first {@value #PARTNERS} partners
 * caused, so that a success can take back exactly the failures it explains ({@link #forgive}) and no
 * others. Failures of further partners count in the total and are never taken back.
 *
 * <p>Bounded: at most {@code maxEntries} keys. Entries whose window and block have passed are dropped
 * by a sweep at most once per window (and when the table is full); a new key finding the table still
 * full is not counted, and {@link #fail} says so.
 *
 * <p>Threading: thread-safe; every change of a key is one atomic {@code compute}.
 */
final class FailureTable<K> {

    /** Partners remembered per key: a user with a few typos, or a few users behind one NAT. */
    static final int PARTNERS = 8;
    /** {@link #fail}: counted, not blocked. */
    static final int COUNTED = 0;
    /** {@link #fail}: this failure started a block of the key. */
    static final int BLOCKED = 1;
    /** {@link #fail}: not counted, the table is full of live entries. */
    static final int FULL = 2;

    private final int maxFailures;
    private final long windowMillis;
    private final long blockMillis;
    private final int maxEntries;
    private final Map<K, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE / 2);

    /** Immutable; replaced on every change. {@code partners[i]} caused {@code counts[i]} of {@code total}. */
    private record Entry(long windowStart, int total, long blockedUntil, long[] partners, int[] counts) {

        boolean blocked(long now) {
            return blockedUntil > now;
        }
    }

    FailureTable(int maxFailures, Duration window, Duration block, int maxEntries) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.blockMillis = block.toMillis();
        this.maxEntries = maxEntries;
    }

    boolean enabled() {
        return maxFailures > 0;
    }

    boolean isBlocked(K key, long now) {
        if (!enabled() || key == null) {
            return false;
        }
        Entry e = entries.get(key);
        return e != null && e.blocked(now);
    }

    /** Counts one failure of {@code key} caused by {@code partner}: {@link #COUNTED}, {@link #BLOCKED} or {@link #FULL}. */
    int fail(K key, long partner, long now) {
        if (!enabled() || key == null) {
            return COUNTED;
        }
        sweepIfDue(now, false);
        if (!entries.containsKey(key) && entries.size() >= maxEntries) {
            sweepIfDue(now, true);
            if (entries.size() >= maxEntries) {
                return FULL;
            }
        }
        int[] outcome = {COUNTED};
        entries.compute(key, (k, e) -> {
            if (e != null && e.blocked(now)) {
                return e; // refused before it was tried; nothing to count
            }
            if (e == null || expired(e, now)) {
                e = new Entry(now, 0, 0, new long[0], new int[0]);
            }
            int total = e.total + 1;
            long blockedUntil = 0;
            if (total >= maxFailures) {
                blockedUntil = now + blockMillis;
                outcome[0] = BLOCKED;
            }
            long[] partners = e.partners;
            int[] counts = e.counts;
            int i = indexOf(partners, partner);
            if (i >= 0) {
                counts = counts.clone();
                counts[i]++;
            } else if (partners.length < PARTNERS) {
                partners = Arrays.copyOf(partners, partners.length + 1);
                partners[partners.length - 1] = partner;
                counts = Arrays.copyOf(counts, counts.length + 1);
                counts[counts.length - 1] = 1;
            }
            return new Entry(e.windowStart, total, blockedUntil, partners, counts);
        });
        return outcome[0];
    }

    /**
     * Takes back the failures {@code partner} caused to {@code key} in the current window (a success
     * explains them); other partners' failures stay. A blocked key stays blocked.
     */
    void forgive(K key, long partner, long now) {
        if (!enabled() || key == null) {
            return;
        }
        entries.computeIfPresent(key, (k, e) -> {
            if (e.blocked(now)) {
                return e;
            }
            if (expired(e, now)) {
                return null;
            }
            int i = indexOf(e.partners, partner);
            if (i < 0) {
                return e;
            }
            int total = e.total - e.counts[i];
            if (total <= 0) {
                return null;
            }
            return new Entry(e.windowStart, total, 0, without(e.partners, i), without(e.counts, i));
        });
    }

    int size() {
        return entries.size();
    }

    /** Whether the entry's window and its block (if any) have both passed. */
    private boolean expired(Entry e, long now) {
        return !e.blocked(now) && now - e.windowStart >= windowMillis;
    }

    /** Drops expired entries, at most once per window, or when {@code full} at most once per second. */
    private void sweepIfDue(long now, boolean full) {
        long last = lastSweep.get();
        if (now - last < (full ? Math.min(windowMillis, 1000) : windowMillis)) {
            return;
        }
        if (lastSweep.compareAndSet(last, now)) {
            entries.values().removeIf(e -> expired(e, now));
        }
    }

    private static int indexOf(long[] values, long value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static long[] without(long[] values, int i) {
        long[] out = new long[values.length - 1];
        System.arraycopy(values, 0, out, 0, i);
        System.arraycopy(values, i + 1, out, i, out.length - i);
        return out;
    }

    private static int[] without(int[] values, int i) {
        int[] out = new int[values.length - 1];
        System.arraycopy(values, 0, out, 0, i);
        System.arraycopy(values, i + 1, out, i, out.length - i);
        return out;
    }
}
