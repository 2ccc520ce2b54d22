package io.bondy.server.backup;

import io.bondy.core.store.Store;
import io.bondy.core.store.StoreBackup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of the node's store to files in one directory, and restores from them (see
 * {@link StoreBackup} for the format). One operation at a time; {@link #status()} reports the
 * running or last one. After a restore, {@code afterRestore} runs (it recreates restored realms).
 *
 * <p>Threading: thread-safe; operations are serialized on this object and run on the caller's thread.
 */
public final class BackupService {

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    /** A plain file name: no directories, no leading dot. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final Store store;
    private final Path dir;
    private final Clock clock;
    private final Runnable afterRestore;
    private volatile Map<String, Object> status = Map.of("status", "idle");

    public BackupService(Store store, Path dir, Clock clock, Runnable afterRestore) {
        this.store = store;
        this.dir = dir;
        this.clock = clock;
        this.afterRestore = afterRestore;
    }

    /** Writes a backup named {@code name} (null: {@code bondy-backup-<UTC time>.jsonl}); returns what was written. */
    public synchronized Map<String, Object> create(String name) {
        Instant now = clock.instant();
        Path file = file(name == null ? "bondy-backup-" + STAMP.format(now) + ".jsonl" : name);
        status = Map.of("status", "backup_in_progress", "filename", file.getFileName().toString());
        try {
            StoreBackup.Summary s = StoreBackup.write(store, file, now.toEpochMilli());
            LOG.info("Backup {} written: {} entries, {} bytes", file, s.entries(), s.bytes());
            return finished("backup_finished", s);
        } catch (IOException e) {
            throw failed("backup_failed", file, e.toString());
        }
    }

    /** Merges the backup {@code name} into the store (newer local versions win). */
    public synchronized Map<String, Object> restore(String name) {
        Path file = file(name);
        if (!file.toFile().isFile()) {
            throw new BackupException(BackupException.NOT_FOUND, "no backup file '" + name + "' in " + dir);
        }
        status = Map.of("status", "restore_in_progress", "filename", name);
        try {
            StoreBackup.Summary s = StoreBackup.restore(store, file);
            afterRestore.run();
            LOG.info("Backup {} restored: {} entries read, {} applied", file, s.entries(), s.applied());
            return finished("restore_finished", s);
        } catch (IllegalArgumentException e) {
            failed("restore_failed", file, e.getMessage());
            throw new BackupException(BackupException.INVALID_DATA, name + ": " + e.getMessage());
        } catch (IOException e) {
            throw failed("restore_failed", file, e.toString());
        }
    }

    /** The running or last operation: {@code status}, {@code filename}, counts, {@code error}. */
    public Map<String, Object> status() {
        return status;
    }

    private Path file(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BackupException(BackupException.INVALID_ARGUMENT, "a backup is named by a plain file name"
                    + " (letters, digits, '_', '-', '.'; no directories), got '" + name + "'");
        }
        return dir.resolve(name);
    }

    private Map<String, Object> finished(String state, StoreBackup.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", state);
        m.put("filename", s.file().getFileName().toString());
        m.put("path", s.file().toAbsolutePath().toString());
        m.put("entries", s.entries());
        m.put("applied", s.applied());
        m.put("bytes", s.bytes());
        m.put("finished_at", clock.millis());
        status = Map.copyOf(m);
        return status;
    }

    /** Records the failure in the status; returns the error to throw. */
    private BackupException failed(String state, Path file, String error) {
        LOG.warn("{} for {}: {}", state, file, error);
        status = Map.of("status", state, "filename", file.getFileName().toString(), "error", String.valueOf(error),
                "finished_at", clock.millis());
        return new BackupException(BackupException.INTERNAL, error);
    }
}
