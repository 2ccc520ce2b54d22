package io.bondy.cluster.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.store.Entry;
import io.bondy.core.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Durability with a real crash: another JVM writes, then gets SIGKILL (no shutdown hook, no close, no
 * flush); this JVM opens the same directory and reads everything back. Also checks the lock between
 * two processes while the writer is alive.
 */
@Timeout(120)
class RocksDbStoreCrashTest {

    private static final int ENTRIES = 500;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "sync_writes={0}")
    @ValueSource(booleans = {true, false})
    void everyAcknowledgedWriteSurvivesKillDashNine(boolean syncWrites) throws Exception {
        Path storeDir = dir.resolve("store");
        Process writer = startWriter(storeDir, syncWrites);
        List<String> output = new ArrayList<>();
        try {
            assertThat(awaitWritten(writer, output)).as("writer output: %s", output).isTrue();

            assertThatThrownBy(() -> RocksDbStore.open(new StoreConfig(storeDir, true), "test"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("data directory " + storeDir.toAbsolutePath())
                    .hasMessageContaining("in use by another Bondy process");
        } finally {
            writer.destroyForcibly(); // SIGKILL
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        try (RocksDbStore store = RocksDbStore.open(new StoreConfig(storeDir, true), "test")) {
            for (int i = 1; i < ENTRIES; i++) {
                Entry e = store.get("item/" + i).orElseThrow(() -> new AssertionError("lost a write"));
                assertThat(e.value()).isEqualTo(StoreWriterMain.value(i));
                assertThat(e.version().node()).isEqualTo(StoreWriterMain.NODE);
            }
            assertThat(store.get("item/0")).isEmpty();
            List<Entry> items = new ArrayList<>();
            store.scanAll("item/", items::add);
            assertThat(items).hasSize(ENTRIES).filteredOn(Entry::isTombstone).extracting(Entry::key)
                    .containsExactly("item/0");
            assertThat(store.get("batch/a").orElseThrow().value()).isEqualTo("A".getBytes(UTF_8));
            assertThat(store.get("batch/b").orElseThrow().value()).isEqualTo("B".getBytes(UTF_8));
            Entry newest = store.put("after/restart", new byte[1]);
            assertThat(newest.version().isNewerThan(items.get(0).version())).as("versions continue").isTrue();
        }
    }

    private static Process startWriter(Path storeDir, boolean syncWrites) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName(),
                storeDir.toString(), Boolean.toString(syncWrites), Integer.toString(ENTRIES))
                .redirectErrorStream(true)
                .start();
    }

    /** Reads the writer's output until it prints WRITTEN (true), exits or 60 s pass (false). */
    private static boolean awaitWritten(Process writer, List<String> output) throws Exception {
        CompletableFuture<Boolean> written = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(writer.getInputStream(), UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.equals(StoreWriterMain.WRITTEN)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            return written.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
