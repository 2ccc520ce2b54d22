package io.bondy.cluster.store;

import io.bondy.core.store.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Prepares a store's directory and turns RocksDB's open failures into messages an operator can act on. */
final class StoreDirectory {

    private StoreDirectory() {
    }

    /** Creates {@code dir} if missing and checks that this process may write it; returns its absolute path. */
    static Path prepare(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException("data directory " + absolute + " cannot be created: " + e.getFile()
                    + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new StoreException("data directory " + absolute + " cannot be created: " + e, e);
        }
        if (!Files.isWritable(absolute)) {
            throw new StoreException("data directory " + absolute + " is not writable by this process");
        }
        return absolute;
    }

    static StoreException openFailure(Path dir, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        Status status = e.getStatus();
        boolean ioError = status != null && status.getCode() == Status.Code.IOError;
        if (ioError && message.contains("LOCK")) {
            String who = message.contains("current process") ? "already open in this process"
                    : "in use by another Bondy process";
            return new StoreException("data directory " + dir + " is " + who + " (it holds the lock file "
                    + dir.resolve("LOCK") + "); stop that process or configure another platform_data_dir", e);
        }
        return new StoreException("cannot open the store in data directory " + dir + ": " + message, e);
    }
}
