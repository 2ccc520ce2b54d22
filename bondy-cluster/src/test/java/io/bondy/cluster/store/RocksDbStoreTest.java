package io.bondy.cluster.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.store.Entry;
import io.bondy.core.store.HybridClock;
import io.bondy.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the RocksDB store adds to the contract: its directory, restarts, the lock, its lifecycle. */
@Timeout(30)
class RocksDbStoreTest {

    @TempDir
    Path dir;

    @Test
    void createsAMissingDirectoryAndReportsItAbsolute() {
        Path nested = dir.resolve("a/b/store");
        try (RocksDbStore store = RocksDbStore.open(new StoreConfig(nested, true), "n")) {
            assertThat(store.directory()).isEqualTo(nested.toAbsolutePath());
            assertThat(nested.resolve("CURRENT")).exists();
        }
    }

    @Test
    void aTombstoneIsPurgedOnlyIfItIsStillTheKeysEntryAndThePurgeSurvivesAReopen() {
        StoreConfig config = new StoreConfig(dir.resolve("purge"), true);
        try (RocksDbStore store = RocksDbStore.open(config, "n")) {
            store.put("k/gone", "v".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            io.bondy.core.store.Entry tombstone = store.delete("k/gone");
            store.put("k/back", "v".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            io.bondy.core.store.Entry stale = store.delete("k/back");
            store.put("k/back", "again".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // written after the delete

            assertThat(store.purge(tombstone)).isTrue();
            assertThat(store.purge(tombstone)).isFalse(); // already gone
            assertThat(store.purge(stale)).isFalse(); // no longer the key's entry
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.purge(store.get("k/back").orElseThrow()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        try (RocksDbStore store = RocksDbStore.open(config, "n")) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            store.scanAll("k/", e -> keys.add(e.key()));
            assertThat(keys).containsExactly("k/back");
        }
    }

    @Test
    void entriesAndTombstonesSurviveAGracefulReopen() {
        StoreConfig config = new StoreConfig(dir.resolve("store"), false);
        Entry kept;
        Entry tombstone;
        try (RocksDbStore store = RocksDbStore.open(config, "n")) {
            kept = store.put("realm/a", "a".getBytes(UTF_8));
            store.put("realm/b", "b".getBytes(UTF_8));
            tombstone = store.delete("realm/b");
        }

        try (RocksDbStore store = RocksDbStore.open(config, "n")) {
            assertThat(store.get("realm/a")).contains(kept);
            assertThat(store.get("realm/b")).isEmpty();
            List<Entry> all = new ArrayList<>();
            store.scanAll("realm/", all::add);
            assertThat(all).containsExactly(kept, tombstone);
        }
    }

    @Test
    void versionsKeepIncreasingAcrossARestartEvenIfTheWallClockWentBack() {
        StoreConfig config = new StoreConfig(dir.resolve("store"), true);
        Entry before;
        try (RocksDbStore store = RocksDbStore.open(config, "n", new HybridClock(() -> 2_000_000L))) {
            before = store.put("k", "before".getBytes(UTF_8));
        }

        try (RocksDbStore store = RocksDbStore.open(config, "n", new HybridClock(() -> 1_000_000L))) {
            Entry after = store.put("k", "after".getBytes(UTF_8));

            assertThat(after.version().isNewerThan(before.version())).isTrue();
        }
    }

    @Test
    void openingADirectoryAlreadyOpenIsRefusedWithAClearMessage() {
        StoreConfig config = new StoreConfig(dir.resolve("store"), true);
        try (RocksDbStore first = RocksDbStore.open(config, "n")) {
            assertThatThrownBy(() -> RocksDbStore.open(config, "n"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("data directory " + first.directory())
                    .hasMessageContaining("already open in this process");

            first.put("still", "usable".getBytes(UTF_8));
            assertThat(first.get("still")).isPresent();
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsRefusedWithAClearMessage() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> RocksDbStore.open(new StoreConfig(file.resolve("store"), true), "n"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("data directory " + file.resolve("store"))
                .hasMessageContaining("cannot be created");
    }

    @Test
    void closeIsIdempotentAndReleasesTheDirectory() {
        StoreConfig config = new StoreConfig(dir.resolve("store"), true);
        RocksDbStore store = RocksDbStore.open(config, "n");
        store.close();
        store.close();

        try (RocksDbStore again = RocksDbStore.open(config, "n")) {
            assertThat(again.get("anything")).isEmpty();
        }
    }

    @Test
    void useAfterCloseIsRefusedNotACrash() {
        RocksDbStore store = RocksDbStore.open(new StoreConfig(dir.resolve("store"), true), "n");
        store.close();

        assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.put("k", new byte[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.scan("", e -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingFromAListenerIsRefusedInsteadOfDeadlocking() {
        RocksDbStore store = RocksDbStore.open(new StoreConfig(dir.resolve("store"), true), "n");
        try {
            List<Throwable> failures = new ArrayList<>();
            store.addListener(e -> {
                try {
                    store.close();
                } catch (IllegalStateException expected) {
                    failures.add(expected);
                }
            });

            store.put("k", new byte[1]);

            assertThat(failures).singleElement().extracting(Throwable::getMessage).asString().contains("listener");
            assertThat(store.get("k")).isPresent();
        } finally {
            store.close();
        }
    }
}
