package io.bondy.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.store.Store.Mutation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Store} must do, whatever keeps the bytes. Extend it once per implementation
 * (bondy-cluster reuses it through bondy-core's test-jar); {@link MemoryStore} is the reference.
 */
@Timeout(60)
public abstract class StoreContractTest {

    protected static final String NODE = "node-b";

    protected Store store;

    /** A new, empty store of the implementation under test, named {@code node}. */
    protected abstract Store openEmptyStore(String node);

    @BeforeEach
    void openStore() {
        store = openEmptyStore(NODE);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---- local writes and reads

    @Test
    void putThenGetReturnsTheValueUnderThisNodesVersion() {
        Entry written = store.put("realm/r1", bytes("one"));

        assertThat(written.key()).isEqualTo("realm/r1");
        assertThat(written.version().node()).isEqualTo(NODE).isEqualTo(store.node());
        assertThat(store.get("realm/r1")).contains(written);
        assertThat(text(store.get("realm/r1").orElseThrow())).isEqualTo("one");
    }

    @Test
    void getOfAKeyNeverWrittenIsEmpty() {
        assertThat(store.get("nothing/here")).isEmpty();
    }

    @Test
    void putReplacesTheValueUnderANewerVersion() {
        Entry first = store.put("k", bytes("1"));
        Entry second = store.put("k", bytes("2"));

        assertThat(second.version().isNewerThan(first.version())).isTrue();
        assertThat(store.get("k")).contains(second);
    }

    @Test
    void putOfANullValueIsRefusedAndWritesNothing() {
        assertThatThrownBy(() -> store.put("k", null)).isInstanceOf(NullPointerException.class);

        assertThat(all("")).isEmpty();
    }

    @Test
    void valuesAreCopiedSoCallersCannotChangeStoredBytes() {
        byte[] value = bytes("original");
        store.put("k", value);
        value[0] = 'X';
        store.get("k").orElseThrow().value()[0] = 'Y';

        assertThat(text(store.get("k").orElseThrow())).isEqualTo("original");
    }

    @Test
    void deleteLeavesATombstoneThatOnlyScanAllShows() {
        Entry live = store.put("user/alice", bytes("a"));
        Entry tombstone = store.delete("user/alice");

        assertThat(tombstone.isTombstone()).isTrue();
        assertThat(tombstone.version().isNewerThan(live.version())).isTrue();
        assertThat(store.get("user/alice")).isEmpty();
        assertThat(live("user/")).isEmpty();
        assertThat(all("user/")).containsExactly(tombstone);
    }

    @Test
    void deleteOfAKeyNeverWrittenStillLeavesATombstone() {
        Entry tombstone = store.delete("ghost");

        assertThat(all("")).containsExactly(tombstone);
    }

    // ---- prefix iteration

    @Test
    void scanReturnsLiveEntriesUnderThePrefixInKeyOrder() {
        for (String key : List.of("realm/b/x", "realm/a/y", "realm/a/x", "realmz", "real", "realm/", "user/a")) {
            store.put(key, bytes(key));
        }

        assertThat(keys(live("realm/"))).containsExactly("realm/", "realm/a/x", "realm/a/y", "realm/b/x");
        assertThat(keys(live("realm/a/"))).containsExactly("realm/a/x", "realm/a/y");
        assertThat(keys(live("realm"))).containsExactly("realm/", "realm/a/x", "realm/a/y", "realm/b/x", "realmz");
        assertThat(keys(live(""))).hasSize(7).first().isEqualTo("real");
        assertThat(live("realm/c")).isEmpty();
        assertThat(live("zzz")).isEmpty();
    }

    @Test
    void keyOrderIsUnicodeCodePointOrder() {
        String fullwidthA = "k/\uFF21";        // U+FF21, one UTF-16 unit
        String grinning = "k/\uD83D\uDE00";    // U+1F600, a surrogate pair: before U+FF21 in UTF-16 order
        String accented = "k/\u00E9";
        store.put(grinning, bytes("3"));
        store.put(fullwidthA, bytes("2"));
        store.put(accented, bytes("1"));
        store.put("k/z", bytes("0"));

        assertThat(keys(live("k/"))).containsExactly("k/z", accented, fullwidthA, grinning);
    }

    @Test
    void scanAllIncludesTombstonesInKeyOrder() {
        store.put("p/c", bytes("c"));
        store.put("p/a", bytes("a"));
        store.put("p/b", bytes("b"));
        store.delete("p/b");

        assertThat(keys(all("p/"))).containsExactly("p/a", "p/b", "p/c");
        assertThat(all("p/")).filteredOn(Entry::isTombstone).extracting(Entry::key).containsExactly("p/b");
        assertThat(keys(live("p/"))).containsExactly("p/a", "p/c");
    }

    @Test
    void aScanCallbackMayWriteToTheStore() {
        store.put("src/a", bytes("a"));
        store.put("src/b", bytes("b"));

        store.scan("src/", e -> store.put("copy/" + e.key(), e.value()));

        assertThat(keys(live("copy/"))).containsExactly("copy/src/a", "copy/src/b");
    }

    // ---- batches

    @Test
    void batchAppliesEveryMutationUnderIncreasingVersions() {
        store.put("b/gone", bytes("x"));

        List<Entry> written = store.batch(List.of(
                Mutation.put("b/one", bytes("1")), Mutation.put("b/two", bytes("2")), Mutation.delete("b/gone")));

        assertThat(written).extracting(Entry::key).containsExactly("b/one", "b/two", "b/gone");
        assertThat(written.get(1).version().isNewerThan(written.get(0).version())).isTrue();
        assertThat(written.get(2).version().isNewerThan(written.get(1).version())).isTrue();
        assertThat(keys(live("b/"))).containsExactly("b/one", "b/two");
        assertThat(all("b/")).filteredOn(Entry::isTombstone).containsExactly(written.get(2));
    }

    @Test
    void batchWithAnInvalidMutationAppliesNothing() {
        List<Entry> notified = new CopyOnWriteArrayList<>();
        store.addListener(notified::add);

        assertThatThrownBy(() -> store.batch(List.of(
                Mutation.put("b/one", bytes("1")), new Mutation(null, bytes("2")))))
                .isInstanceOf(NullPointerException.class);

        assertThat(all("")).isEmpty();
        assertThat(notified).isEmpty();
    }

    @Test
    void listenersOfABatchSeeTheWholeBatchAlreadyApplied() {
        AtomicReference<Optional<Entry>> lastSeenFromFirst = new AtomicReference<>();
        store.addListener(e -> {
            if (e.key().equals("b/first")) {
                lastSeenFromFirst.set(store.get("b/last"));
            }
        });

        List<Entry> written = store.batch(List.of(Mutation.put("b/first", bytes("1")), Mutation.put("b/last", bytes("2"))));

        assertThat(lastSeenFromFirst.get()).contains(written.get(1));
    }

    @Test
    void concurrentReadersNeverSeeHalfABatch() throws Exception {
        int batches = 100;
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> torn = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> reader = pool.submit(() -> {
                while (writing.get()) {
                    List<String> values = new ArrayList<>();
                    store.scan("pair/", e -> values.add(text(e)));
                    if (values.size() == 1 || (values.size() == 2 && !values.get(0).equals(values.get(1)))) {
                        torn.add(values.toString());
                    }
                }
            });
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < batches; i++) {
                    String v = Integer.toString(i);
                    store.batch(List.of(Mutation.put("pair/a", bytes(v)), Mutation.put("pair/b", bytes(v))));
                }
                writing.set(false);
            });
            writer.get(30, TimeUnit.SECONDS);
            reader.get(30, TimeUnit.SECONDS);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        assertThat(torn).as("scans that saw half a batch").isEmpty();
        assertThat(live("pair/")).extracting(StoreContractTest::text).containsExactly("99", "99");
    }

    // ---- versions

    @Test
    void versionsOfLocalWritesStrictlyIncrease() {
        Version previous = null;
        for (int i = 0; i < 500; i++) {
            Entry e = i % 3 == 0 ? store.delete("v/" + (i % 7)) : store.put("v/" + (i % 7), bytes("x"));
            assertThat(e.version().isNewerThan(previous)).as("write %d", i).isTrue();
            assertThat(e.version().node()).isEqualTo(NODE);
            previous = e.version();
        }
    }

    // ---- merging entries written on other nodes

    @Test
    void mergeAppliesANewerRemoteEntry() {
        Entry local = store.put("k", bytes("local"));
        Entry remote = remote("k", "remote", local.version().clock() + 1, "node-a");

        assertThat(store.merge(remote)).isTrue();

        assertThat(store.get("k")).contains(remote);
    }

    @Test
    void mergeIgnoresAnOlderRemoteEntry() {
        Entry local = store.put("k", bytes("local"));

        assertThat(store.merge(remote("k", "remote", local.version().clock() - 1, "node-z"))).isFalse();

        assertThat(store.get("k")).contains(local);
    }

    @Test
    void mergeOfAKeyNeverSeenApplies() {
        Entry remote = remote("new", "v", 42L << 16, "node-a");

        assertThat(store.merge(remote)).isTrue();

        assertThat(store.get("new")).contains(remote);
    }

    @Test
    void mergeBreaksClockTiesByNodeName() {
        Entry local = store.put("k", bytes("local"));
        long clock = local.version().clock();
        Entry fromHigherNode = remote("k", "from c", clock, "node-c");
        Entry fromLowerNode = remote("k", "from a", clock, "node-a");

        assertThat(store.merge(fromLowerNode)).as("node-a < node-b").isFalse();
        assertThat(store.merge(fromHigherNode)).as("node-c > node-b").isTrue();
        assertThat(store.merge(fromHigherNode)).as("the same version again").isFalse();
        assertThat(store.get("k")).contains(fromHigherNode);
    }

    @Test
    void mergeOfANewerTombstoneDeletesAndOfAnOlderOneDoesNot() {
        Entry kept = store.put("kept", bytes("x"));
        Entry deleted = store.put("deleted", bytes("y"));
        Entry newerTombstone = new Entry("deleted", null, new Version(deleted.version().clock() + 1, "node-a"));
        Entry olderTombstone = new Entry("kept", null, new Version(kept.version().clock() - 1, "node-a"));

        assertThat(store.merge(newerTombstone)).isTrue();
        assertThat(store.merge(olderTombstone)).isFalse();

        assertThat(store.get("deleted")).isEmpty();
        assertThat(store.get("kept")).contains(kept);
        assertThat(all("")).contains(newerTombstone, kept);
    }

    @Test
    void mergeOfALiveEntryNewerThanATombstoneRevivesTheKey() {
        Entry tombstone = store.delete("k");
        Entry remote = remote("k", "back", tombstone.version().clock() + 1, "node-a");

        assertThat(store.merge(remote)).isTrue();

        assertThat(store.get("k")).contains(remote);
    }

    @Test
    void localWriteAfterMergingAnEntryFromTheFutureIsNewerThanIt() {
        long anHourAhead = (System.currentTimeMillis() + 3_600_000L) << 16;
        Entry future = remote("k", "future", anHourAhead, "node-a");
        store.merge(future);

        Entry local = store.put("k", bytes("now"));

        assertThat(local.version().isNewerThan(future.version())).isTrue();
        assertThat(store.get("k")).contains(local);
    }

    // ---- listeners

    @Test
    void listenersHearLocalAndMergedChangesButNotIgnoredMerges() {
        List<Entry> first = new CopyOnWriteArrayList<>();
        List<Entry> second = new CopyOnWriteArrayList<>();
        store.addListener(first::add);
        store.addListener(second::add);

        Entry put = store.put("k", bytes("1"));
        Entry tombstone = store.delete("k");
        Entry merged = remote("k", "2", tombstone.version().clock() + 1, "node-a");
        store.merge(merged);
        store.merge(remote("k", "old", put.version().clock(), "node-a"));
        List<Entry> batch = store.batch(List.of(Mutation.put("x", bytes("x")), Mutation.put("y", bytes("y"))));

        assertThat(first).containsExactly(put, tombstone, merged, batch.get(0), batch.get(1));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aFailingListenerAffectsNeitherTheWriteNorTheOtherListeners() {
        List<Entry> heard = new CopyOnWriteArrayList<>();
        store.addListener(e -> {
            throw new IllegalStateException("listener bug (expected by this test)");
        });
        store.addListener(heard::add);

        Entry written = store.put("k", bytes("v"));

        assertThat(store.get("k")).contains(written);
        assertThat(heard).containsExactly(written);
    }

    // ---- concurrency

    @Test
    void concurrentWritersOfOneKeyLeaveTheNewestVersion() throws Exception {
        int threads = 4;
        int writes = 200;
        List<List<Entry>> results = runConcurrently(threads, t -> {
            List<Entry> mine = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                mine.add(store.put("shared", bytes(t + ":" + i)));
                store.put("own/" + t + "/" + i, bytes("x"));
            }
            return mine;
        });

        List<Entry> allShared = results.stream().flatMap(List::stream).toList();
        assertThat(allShared.stream().map(Entry::version).distinct()).hasSize(threads * writes);
        assertThat(store.get("shared")).contains(newest(allShared));
        assertThat(live("own/")).hasSize(threads * writes);
    }

    @Test
    void concurrentMergesAndLocalWritesOfOneKeyNeverLoseTheNewestVersion() throws Exception {
        int writes = 300;
        HybridClock remoteClock = new HybridClock();
        List<List<Entry>> results = runConcurrently(2, t -> {
            List<Entry> attempted = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                if (t == 0) {
                    attempted.add(store.put("hot", bytes("local " + i)));
                } else {
                    Entry remote = remote("hot", "remote " + i, remoteClock.now(), "node-" + (i % 2 == 0 ? "a" : "c"));
                    store.merge(remote);
                    attempted.add(remote);
                }
            }
            return attempted;
        });

        List<Entry> everything = results.stream().flatMap(List::stream).toList();
        assertThat(store.get("hot")).contains(newest(everything));
    }

    // ---- helpers

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    protected static String text(Entry e) {
        return new String(e.value(), UTF_8);
    }

    protected static Entry remote(String key, String value, long clock, String node) {
        return new Entry(key, bytes(value), new Version(clock, node));
    }

    protected List<Entry> live(String prefix) {
        List<Entry> out = new ArrayList<>();
        store.scan(prefix, out::add);
        return out;
    }

    protected List<Entry> all(String prefix) {
        List<Entry> out = new ArrayList<>();
        store.scanAll(prefix, out::add);
        return out;
    }

    protected static List<String> keys(List<Entry> entries) {
        return entries.stream().map(Entry::key).toList();
    }

    private static Entry newest(List<Entry> entries) {
        return Collections.max(entries, Comparator.comparing(Entry::version));
    }

    /** Runs {@code task(t)} on {@code threads} threads started together; returns their results in thread order. */
    private static <T> List<T> runConcurrently(int threads, ThreadTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(id);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThreadTask<T> {
        T run(int thread) throws Exception;
    }
}
