package io.bondy.cluster.store;

import io.bondy.core.store.Entry;
import io.bondy.core.store.HybridClock;
import io.bondy.core.store.Store;
import io.bondy.core.store.StoreException;
import io.bondy.core.store.StoreListeners;
import io.bondy.core.store.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable {@link Store}: one embedded RocksDB in a directory of its own. Keys are stored as
 * their UTF-8 bytes (so RocksDB's byte order is the Store's code point order); values as an
 * {@link EntryCodec envelope} carrying the version and the tombstone flag. Tombstones are kept: they are
 * purged only once the cluster's anti-entropy knows every node has seen them (a later issue).
 *
 * <p>Every write (put, delete, batch, merge) is one RocksDB {@link WriteBatch}, so it is atomic, and
 * goes through the write-ahead log, fsync'ed when {@link StoreConfig#syncWrites()} is on.
 *
 * <p>Threading: thread-safe. Reads run concurrently, on RocksDB's own snapshot of the moment. Writes are
 * serialized by one lock that covers taking the version, the read a merge compares against, the write
 * and the listeners, so a concurrent write never replaces a newer version with an older one. Scan
 * callbacks and listeners may read and write the store but not {@link #close()} it.
 */
public final class RocksDbStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbStore.class);

    private final Path directory;
    private final String node;
    private final HybridClock clock;
    private final boolean syncWrites;
    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final StoreListeners listeners = new StoreListeners();
    /** Read-held by every operation, write-held by close: no native call on a closed database. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ReentrantLock writes = new ReentrantLock();
    private boolean closed; // guarded by lifecycle

    private RocksDbStore(Path directory, String node, HybridClock clock, boolean syncWrites, Options options,
            WriteOptions writeOptions, RocksDB db) {
        this.directory = directory;
        this.node = node;
        this.clock = clock;
        this.syncWrites = syncWrites;
        this.options = options;
        this.writeOptions = writeOptions;
        this.db = db;
    }

    /** Opens (creating if needed) the store in {@code config.directory()} for node {@code node}. */
    public static RocksDbStore open(StoreConfig config, String node) {
        return open(config, node, new HybridClock());
    }

    /**
     * As {@link #open(StoreConfig, String)}, with the clock that versions local writes. The clock is
     * advanced past every version already stored, so versions keep increasing across restarts even if
     * the wall clock went back.
     *
     * @throws StoreException if the directory cannot be created or written, is in use by another
     *                        process, or does not hold a readable store
     */
    public static RocksDbStore open(StoreConfig config, String node, HybridClock clock) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(clock, "clock");
        Path dir = StoreDirectory.prepare(config.directory());
        RocksDB.loadLibrary();
        Options options = new Options()
                .setCreateIfMissing(true)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(3);
        WriteOptions writeOptions = new WriteOptions().setSync(config.syncWrites());
        RocksDB db;
        try {
            db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            writeOptions.close();
            options.close();
            throw StoreDirectory.openFailure(dir, e);
        }
        RocksDbStore store = new RocksDbStore(dir, node, clock, config.syncWrites(), options, writeOptions, db);
        try {
            store.observeStoredVersions();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** The RocksDB directory (absolute). */
    public Path directory() {
        return directory;
    }

    @Override
    public Optional<Entry> get(String key) {
        Objects.requireNonNull(key, "key");
        return withOpenDb("read " + key, () -> Optional.ofNullable(read(key)).filter(e -> !e.isTombstone()));
    }

    @Override
    public List<Entry> batch(List<Mutation> mutations) {
        for (Mutation m : mutations) {
            Objects.requireNonNull(m.key(), "a mutation's key"); // refuse the whole batch before applying any
        }
        return serializedWrite("write", () -> {
            List<Entry> entries = new ArrayList<>(mutations.size());
            for (Mutation m : mutations) {
                entries.add(new Entry(m.key(), m.value(), new Version(clock.now(), node)));
            }
            persist(entries);
            entries.forEach(listeners::changed);
            return entries;
        });
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
        byte[] start = EntryCodec.key(prefix);
        withOpenDb("scan " + prefix, () -> {
            try (RocksIterator it = db.newIterator()) {
                for (it.seek(start); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    if (!startsWith(key, start)) {
                        break;
                    }
                    action.accept(EntryCodec.decode(EntryCodec.key(key), it.value()));
                }
                it.status();
            }
            return null;
        });
    }

    @Override
    public boolean merge(Entry remote) {
        return serializedWrite("merge " + remote.key(), () -> {
            clock.observe(remote.version().clock());
            Entry local = read(remote.key());
            if (local != null && !remote.version().isNewerThan(local.version())) {
                return false;
            }
            persist(List.of(remote));
            listeners.changed(remote);
            return true;
        });
    }

    @Override
    public boolean purge(Entry tombstone) {
        if (!tombstone.isTombstone()) {
            throw new IllegalArgumentException("only a tombstone can be purged, not the live entry of " + tombstone.key());
        }
        return serializedWrite("purge " + tombstone.key(), () -> {
            Entry local = read(tombstone.key());
            if (local == null || !local.isTombstone() || !local.version().equals(tombstone.version())) {
                return false; // written or merged again meanwhile
            }
            db.delete(writeOptions, EntryCodec.key(tombstone.key()));
            return true;
        });
    }

    @Override
    public void addListener(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    @Override
    public String node() {
        return node;
    }

    /** Flushes the write-ahead log and releases the database and its native handles; idempotent. */
    @Override
    public void close() {
        if (lifecycle.getReadHoldCount() > 0) {
            throw new IllegalStateException("a store cannot be closed from its own listener or scan callback");
        }
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (!syncWrites) {
                try {
                    db.syncWal();
                } catch (RocksDBException e) {
                    LOG.warn("Could not flush the write-ahead log of the store in {}: {}", directory, e.getMessage());
                }
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                LOG.warn("Closing the store in {} reported: {}", directory, e.getMessage());
            }
            writeOptions.close();
            options.close();
            LOG.debug("Closed the store in {}", directory);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "RocksDbStore[" + directory + ", node " + node + "]";
    }

    private void observeStoredVersions() {
        long[] stats = new long[3]; // entries, tombstones, highest clock
        scanAll("", e -> {
            stats[0]++;
            stats[1] += e.isTombstone() ? 1 : 0;
            stats[2] = Math.max(stats[2], e.version().clock());
        });
        if (stats[0] > 0) {
            clock.observe(stats[2]);
        }
        LOG.info("Opened the store in {} (entries: {}, of which tombstones: {}; sync_writes={})", directory,
                stats[0], stats[1], syncWrites);
    }

    /** The stored entry of {@code key}, tombstone included, or null. Caller holds the lifecycle read lock. */
    private Entry read(String key) throws RocksDBException {
        byte[] bytes = db.get(EntryCodec.key(key));
        return bytes == null ? null : EntryCodec.decode(key, bytes);
    }

    /** Writes {@code entries} as one atomic batch. Caller holds the write lock. */
    private void persist(List<Entry> entries) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            for (Entry e : entries) {
                batch.put(EntryCodec.key(e.key()), EntryCodec.encode(e));
            }
            db.write(writeOptions, batch);
        }
    }

    private <T> T serializedWrite(String what, DbAction<T> action) {
        return withOpenDb(what, () -> {
            writes.lock();
            try {
                return action.run();
            } finally {
                writes.unlock();
            }
        });
    }

    private <T> T withOpenDb(String what, DbAction<T> action) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the store in " + directory + " is closed");
            }
            return action.run();
        } catch (RocksDBException e) {
            throw new StoreException("cannot " + what + " in the store in " + directory + ": " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @FunctionalInterface
    private interface DbAction<T> {
        T run() throws RocksDBException;
    }
}
