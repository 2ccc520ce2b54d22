package io.bondy.cluster.store;

import io.bondy.core.store.Store.Mutation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The victim of {@link RocksDbStoreCrashTest}, run in its own JVM:
 * {@code StoreWriterMain DIR SYNC_WRITES N}. Opens the store in DIR, writes {@code item/0..N-1}, a
 * batch {@code batch/a + batch/b}, deletes {@code item/0}, prints {@value #WRITTEN} and waits to be killed.
 */
public final class StoreWriterMain {

    static final String WRITTEN = "WRITTEN";
    static final String NODE = "victim";

    private StoreWriterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        boolean sync = Boolean.parseBoolean(args[1]);
        int n = Integer.parseInt(args[2]);
        RocksDbStore store = RocksDbStore.open(new StoreConfig(dir, sync), NODE); // never closed: killed
        for (int i = 0; i < n; i++) {
            store.put("item/" + i, value(i));
        }
        store.batch(List.of(Mutation.put("batch/a", bytes("A")), Mutation.put("batch/b", bytes("B"))));
        store.delete("item/0");
        System.out.println(WRITTEN);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static byte[] value(int i) {
        return bytes("value " + i);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
