package io.bondy.cluster.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a {@link RocksDbStore} keeps its data.
 *
 * @param directory  the RocksDB directory (created if missing); one process at a time may open it
 * @param syncWrites {@code true}: every write is fsync'ed to the write-ahead log before it returns, so
 *                   an acknowledged write survives a power loss or kernel crash (costs a disk flush per
 *                   write, about a millisecond on an SSD). {@code false}: the log is written but not
 *                   flushed; a write survives the process being killed, but the last moments of writes
 *                   can be lost if the machine itself goes down. Closing the store flushes either way.
 */
public record StoreConfig(Path directory, boolean syncWrites) {

    public StoreConfig {
        Objects.requireNonNull(directory, "directory");
    }
}
