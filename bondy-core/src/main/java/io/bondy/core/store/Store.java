package io.bondy.core.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The node's durable, versioned key/value store (realms, users, groups, grants, sources, tickets,
 * API specs, bridge configs). The cluster module implements it on RocksDB and replicates it;
 * callers only ever see this interface, so replication changes nothing for them.
 *
 * <p>Keys are '/'-separated paths; values are opaque bytes (the owners use JSON). Every write gets
 * a {@link Version}; deletes leave tombstones so they replicate; remote entries are merged
 * last-writer-wins.
 *
 * <p>Keys are ordered by Unicode code point (the order of their UTF-8 bytes). Failures of the
 * underlying storage are {@link StoreException}s.
 *
 * <p>Threading: thread-safe; reads never block writes for long. Writes to one store are serialized:
 * local writes get increasing versions, and no write, local or merged, replaces a newer version of
 * its key. Listeners run on the writer's thread, in the order the changes were applied; one that
 * throws is logged and affects neither the write nor the other listeners.
 */
public interface Store extends AutoCloseable {

    /** The live value of {@code key} (tombstones read as absent). */
    Optional<Entry> get(String key);

    /** Writes {@code value} (not null: use {@link #delete}) under a new local version; returns the entry written. */
    default Entry put(String key, byte[] value) {
        return batch(List.of(Mutation.put(key, java.util.Objects.requireNonNull(value, "value")))).get(0);
    }

    /** Deletes {@code key} by writing a tombstone; returns it. */
    default Entry delete(String key) {
        return batch(List.of(Mutation.delete(key))).get(0);
    }

    /**
     * Applies all mutations atomically, each under a new local version: readers see all of them or
     * none, and a batch that fails (a null key, an I/O error) applies none.
     */
    List<Entry> batch(List<Mutation> mutations);

    /** Live entries whose key starts with {@code prefix}, in key order. */
    void scan(String prefix, Consumer<Entry> action);

    /** Every entry whose key starts with {@code prefix}, tombstones included (anti-entropy). */
    void scanAll(String prefix, Consumer<Entry> action);

    /**
     * Merges an entry written on another node: applied only if its version is newer than the local
     * one (last writer wins). Returns whether it was applied.
     */
    boolean merge(Entry remote);

    /**
     * Removes {@code tombstone} for good if it is still the stored entry of its key (the cluster purges a
     * tombstone once every replica has it and it is older than the grace period); returns whether it
     * did. Fires no listener: nothing live changes. By default tombstones are kept and this returns false.
     */
    default boolean purge(Entry tombstone) {
        return false;
    }

    /** Called after every applied change, local or merged. */
    void addListener(Consumer<Entry> listener);

    /** This node's name, as written into versions. */
    String node();

    @Override
    void close();

    /**
     * One change of a batch.
     *
     * @param key   the key
     * @param value the new bytes, or null to delete
     */
    record Mutation(String key, byte[] value) {

        public static Mutation put(String key, byte[] value) {
            return new Mutation(key, value);
        }

        public static Mutation delete(String key) {
            return new Mutation(key, null);
        }
    }
}
