package io.bondy.bridge.outbox;

import io.bondy.core.store.Entry;
import io.bondy.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records of one client that did not fit in memory, in order, in a node-local store (never the
 * replicated one: another node must not deliver them). Keys are {@code spill/<kind>/<name>/<seq>} with
 * a fixed-width sequence, so the store's key order is the queue's order; records put back at the
 * front (on shutdown) take sequences below the head. Deleted entries are purged, so the spill leaves
 * no tombstones behind. Survives a restart of the node.
 *
 * <p>Threading: synchronized; called by the producers (publishers' threads) and the client's worker.
 */
final class SpillQueue {

    private static final long START = 1L << 50;
    private final Store store;
    private final String prefix;
    private long head; // first live sequence
    private long tail; // next sequence to write

    SpillQueue(Store store, String kind, String name) {
        this.store = store;
        this.prefix = "spill/" + kind + "/" + name + "/";
        long[] bounds = {Long.MAX_VALUE, Long.MIN_VALUE};
        store.scan(prefix, e -> {
            long seq = Long.parseLong(e.key().substring(prefix.length()));
            bounds[0] = Math.min(bounds[0], seq);
            bounds[1] = Math.max(bounds[1], seq);
        });
        if (bounds[0] == Long.MAX_VALUE) {
            head = START;
            tail = START;
        } else {
            head = bounds[0];
            tail = bounds[1] + 1;
        }
    }

    synchronized long size() {
        return tail - head;
    }

    synchronized boolean isEmpty() {
        return tail == head;
    }

    synchronized void append(PendingRecord record) {
        store.put(key(tail), record.encode());
        tail++;
    }

    /** Puts records back before the head, keeping their order. */
    synchronized void prepend(List<PendingRecord> records) {
        for (int i = records.size() - 1; i >= 0; i--) {
            head--;
            store.put(key(head), records.get(i).encode());
        }
    }

    /** Up to {@code max} records from the head, without removing them. */
    synchronized List<PendingRecord> peek(int max) {
        return peek(0, max);
    }

    /** Up to {@code max} records after the first {@code skip} ones, without removing them. */
    synchronized List<PendingRecord> peek(long skip, int max) {
        List<PendingRecord> out = new ArrayList<>();
        for (long seq = head + skip; seq < tail && out.size() < max; seq++) {
            Optional<Entry> e = store.get(key(seq));
            e.ifPresent(entry -> out.add(PendingRecord.decode(entry.value())));
        }
        return out;
    }

    /** Removes {@code n} records from the head (those {@link #peek} returned and that were delivered). */
    synchronized void remove(int n) {
        for (int i = 0; i < n && head < tail; i++) {
            Entry tombstone = store.delete(key(head));
            store.purge(tombstone);
            head++;
        }
    }

    private String key(long seq) {
        return prefix + String.format("%019d", seq);
    }
}
