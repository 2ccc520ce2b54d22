package io.bondy.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;

/**
 * Backup files of a {@link Store}: JSON lines, a header line
 * {@code {"format":"bondy-java-backup","format_version":1,"node":...,"created_at":...}} then one
 * line per entry {@code {"key":...,"value":base64 or null,"clock":...,"node":...}}, tombstones
 * included, so a restore through {@link Store#merge} keeps every version (a newer local entry wins,
 * as in replication).
 *
 * <p>The snapshot is one {@link Store#scanAll} pass (RocksDB iterates a consistent snapshot). The
 * file is written next to its final name and moved into place, so a reader never sees half a backup.
 *
 * <p>Threading: stateless; safe from any thread.
 */
public final class StoreBackup {

    public static final String FORMAT = "bondy-java-backup";
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreBackup() {
    }

    /** What a backup or restore did. */
    public record Summary(Path file, long entries, long applied, long bytes) {
    }

    /** Writes every entry of {@code store} to {@code file} (replaced if present). */
    public static Summary write(Store store, Path file, long createdAtMillis) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        long[] count = {0};
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            ObjectNode header = JSON.createObjectNode().put("format", FORMAT).put("format_version", FORMAT_VERSION)
                    .put("node", store.node()).put("created_at", createdAtMillis);
            out.write(JSON.writeValueAsString(header));
            out.newLine();
            IOException[] failure = {null};
            store.scanAll("", e -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    out.write(line(e));
                    out.newLine();
                    count[0]++;
                } catch (IOException ex) {
                    failure[0] = ex;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Summary(file, count[0], count[0], Files.size(file));
    }

    /**
     * Merges every entry of {@code file} into {@code store}, in file order. Throws
     * {@link IllegalArgumentException} if the file is not a backup of this format (nothing is applied
     * then) or at the first malformed entry line (the lines before it stay applied: restoring the
     * same file again is harmless, merges are idempotent), {@link IOException} if it cannot be read.
     */
    public static Summary restore(Store store, Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            checkHeader(in.readLine());
            long entries = 0;
            long applied = 0;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                entries++;
                if (store.merge(entry(line, entries))) {
                    applied++;
                }
            }
            return new Summary(file, entries, applied, Files.size(file));
        }
    }

    private static void checkHeader(String line) {
        JsonNode h = parse(line, 0);
        if (!FORMAT.equals(h.path("format").asText()) || h.path("format_version").asInt() != FORMAT_VERSION) {
            throw new IllegalArgumentException("not a " + FORMAT + " file of format_version " + FORMAT_VERSION);
        }
    }

    private static String line(Entry e) throws JsonProcessingException {
        ObjectNode n = JSON.createObjectNode().put("key", e.key());
        byte[] v = e.value();
        if (v == null) {
            n.putNull("value");
        } else {
            n.put("value", Base64.getEncoder().encodeToString(v));
        }
        n.put("clock", e.version().clock()).put("node", e.version().node());
        return JSON.writeValueAsString(n);
    }

    private static Entry entry(String line, long number) {
        JsonNode n = parse(line, number);
        if (!n.path("key").isTextual() || !n.path("clock").canConvertToLong() || !n.path("node").isTextual()) {
            throw new IllegalArgumentException("backup line " + number + " is not an entry");
        }
        JsonNode v = n.path("value");
        byte[] value = v.isNull() || v.isMissingNode() ? null : Base64.getDecoder().decode(v.asText());
        return new Entry(n.get("key").asText(), value, new Version(n.get("clock").asLong(), n.get("node").asText()));
    }

    private static JsonNode parse(String line, long number) {
        if (line == null) {
            throw new IllegalArgumentException("the backup file is empty");
        }
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("backup line " + number + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
