package io.bondy.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link Store} in memory: same semantics as the durable store, nothing survives the process.
 * For unit tests of the store's users and for nodes started without a data directory.
 */
public final class MemoryStore implements Store {

    private final String node;
    private final HybridClock clock;
    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    public MemoryStore(String node) {
        this(node, new HybridClock());
    }

    public MemoryStore(String node, HybridClock clock) {
        this.node = node;
        this.clock = clock;
    }

    @Override
    public Optional<Entry> get(String key) {
        Entry e = entries.get(key);
        return e == null || e.isTombstone() ? Optional.empty() : Optional.of(e);
    }

    @Override
    public Entry put(String key, byte[] value) {
        return batch(List.of(Mutation.put(key, value))).get(0);
    }

    @Override
    public Entry delete(String key) {
        return batch(List.of(Mutation.delete(key))).get(0);
    }

    @Override
    public synchronized List<Entry> batch(List<Mutation> mutations) {
        List<Entry> written = new ArrayList<>(mutations.size());
        for (Mutation m : mutations) {
            Entry e = new Entry(m.key(), m.value(), new Version(clock.now(), node));
            entries.put(e.key(), e);
            written.add(e);
        }
        written.forEach(this::notifyListeners);
        return written;
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
        for (Map.Entry<String, Entry> e : entries.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            action.accept(e.getValue());
        }
    }

    @Override
    public synchronized boolean merge(Entry remote) {
        clock.observe(remote.version().clock());
        Entry local = entries.get(remote.key());
        if (local != null && !remote.version().isNewerThan(local.version())) {
            return false;
        }
        entries.put(remote.key(), remote);
        notifyListeners(remote);
        return true;
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
        entries.clear();
    }

    private void notifyListeners(Entry e) {
        for (Consumer<Entry> l : listeners) {
            l.accept(e);
        }
    }
}
