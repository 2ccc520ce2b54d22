package io.bondy.core.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A {@link Store} in memory: same semantics as the durable store, nothing survives the process.
 * For unit tests of the store's users and for nodes started without a data directory.
 *
 * <p>Threading: writes (batches and merges) hold the write lock, so versions are assigned and applied
 * in one order and readers never see half a batch; reads hold the read lock only while copying, so a
 * scan callback may write to the store.
 */
public final class MemoryStore implements Store {

    /** Unicode code point order: the order of the keys' UTF-8 bytes, as in the durable store. */
    static final Comparator<String> KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final String node;
    private final HybridClock clock;
    private final TreeMap<String, Entry> entries = new TreeMap<>(KEY_ORDER);
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final StoreListeners listeners = new StoreListeners();

    public MemoryStore(String node) {
        this(node, new HybridClock());
    }

    public MemoryStore(String node, HybridClock clock) {
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Entry> get(String key) {
        lock.readLock().lock();
        try {
            Entry e = entries.get(key);
            return e == null || e.isTombstone() ? Optional.empty() : Optional.of(e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Entry> batch(List<Mutation> mutations) {
        for (Mutation m : mutations) {
            Objects.requireNonNull(m.key(), "a mutation's key"); // refuse the whole batch before applying any
        }
        lock.writeLock().lock();
        try {
            List<Entry> written = new ArrayList<>(mutations.size());
            for (Mutation m : mutations) {
                written.add(new Entry(m.key(), m.value(), new Version(clock.now(), node)));
            }
            written.forEach(e -> entries.put(e.key(), e));
            written.forEach(listeners::changed);
            return written;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void scan(String prefix, Consumer<Entry> action) {
        scanAll(prefix, e -> {
            if (!e.isTombstone()) {
                action.accept(e);
            }
        });
    }

    @Override
    public void scanAll(String prefix, Consumer<Entry> action) {
        List<Entry> matching = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (Entry e : entries.tailMap(prefix, true).values()) {
                if (!e.key().startsWith(prefix)) {
                    break;
                }
                matching.add(e);
            }
        } finally {
            lock.readLock().unlock();
        }
        matching.forEach(action);
    }

    @Override
    public boolean merge(Entry remote) {
        lock.writeLock().lock();
        try {
            clock.observe(remote.version().clock());
            Entry local = entries.get(remote.key());
            if (local != null && !remote.version().isNewerThan(local.version())) {
                return false;
            }
            entries.put(remote.key(), remote);
            listeners.changed(remote);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void addListener(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            entries.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
