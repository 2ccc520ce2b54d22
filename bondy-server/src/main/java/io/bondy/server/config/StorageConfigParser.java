package io.bondy.server.config;

import com.typesafe.config.Config;
import io.bondy.cluster.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Parses where the node keeps its files into {@link Storage}. Owns {@code platform_data_dir},
 * {@code store.*} and {@code backup.dir}; both directories are made absolute and created if missing.
 */
final class StorageConfigParser {

    /**
     * @param dataDir   {@code platform_data_dir}, absolute and existing
     * @param store     the durable store, in {@code <dataDir>/store}
     * @param backupDir {@code backup.dir}, or {@code <dataDir>/backups} when empty; absolute and existing
     */
    record Storage(Path dataDir, StoreConfig store, Path backupDir) {
    }

    private StorageConfigParser() {
    }

    static Storage parse(Config c) {
        Path dataDir = directory(c, "platform_data_dir");
        StoreConfig store = new StoreConfig(dataDir.resolve("store"), c.getBoolean("store.sync_writes"));
        String backup = c.getString("backup.dir");
        Path backupDir = backup.isBlank() ? dataDir.resolve("backups") : directory(c, "backup.dir");
        return new Storage(dataDir, store, backupDir);
    }

    /** The directory, absolute, created if missing; a message naming {@code key} if it cannot be used. */
    private static Path directory(Config c, String key) {
        String value = c.getString(key);
        if (value.isBlank()) {
            throw new ConfigException(key + " must name a directory, e.g. ./data");
        }
        Path dir;
        try {
            dir = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(key + " '" + value + "' is not a valid path: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot create the data directory " + dir + " (" + e + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigException(key + ": the data directory " + dir + " is not writable by this process");
        }
        return dir;
    }
}
