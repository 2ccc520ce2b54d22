package io.bondy.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreBackupTest {

    @TempDir
    Path dir;

    @Test
    void aRestoredBackupReproducesEveryEntryWithItsVersionAndTombstone() throws Exception {
        MemoryStore source = new MemoryStore("a");
        source.put("realm/x", bytes("{\"uri\":\"x\"}"));
        source.put("security/x/users/alice", bytes("{}"));
        source.put("gone", bytes("1"));
        source.delete("gone");
        Path file = dir.resolve("b.jsonl");

        StoreBackup.Summary written = StoreBackup.write(source, file, 42);
        MemoryStore target = new MemoryStore("b");
        StoreBackup.Summary restored = StoreBackup.restore(target, file);

        assertThat(written.entries()).isEqualTo(3);
        assertThat(restored.applied()).isEqualTo(3);
        assertThat(all(target)).isEqualTo(all(source));
        assertThat(target.get("gone")).isEmpty();
        assertThat(Files.readAllLines(file).get(0)).contains("\"format\":\"bondy-java-backup\"");
    }

    @Test
    void restoringTwiceAppliesNothingTheSecondTime() throws Exception {
        MemoryStore source = new MemoryStore("a");
        source.put("k", bytes("v"));
        Path file = dir.resolve("b.jsonl");
        StoreBackup.write(source, file, 1);

        assertThat(StoreBackup.restore(source, file).applied()).isZero();
    }

    @Test
    void aFileThatIsNotABackupIsRefusedBeforeAnythingIsApplied() throws Exception {
        Path file = dir.resolve("junk");
        Files.writeString(file, "{\"format\":\"other\"}\n{\"key\":\"k\",\"value\":null,\"clock\":1,\"node\":\"n\"}\n");
        MemoryStore target = new MemoryStore("b");

        assertThatThrownBy(() -> StoreBackup.restore(target, file)).isInstanceOf(IllegalArgumentException.class);
        assertThat(all(target)).isEmpty();
    }

    private static List<Entry> all(Store store) {
        List<Entry> out = new ArrayList<>();
        store.scanAll("", out::add);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
