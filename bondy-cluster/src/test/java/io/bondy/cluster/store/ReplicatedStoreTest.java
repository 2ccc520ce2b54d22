package io.bondy.cluster.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.TestClusters;
import io.bondy.cluster.membership.Partitions;
import io.bondy.core.store.Entry;
import io.bondy.core.store.Store.Mutation;
import io.bondy.core.store.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three replicas, each a RocksDB store with its own JGroups channel on 127.0.0.1. */
@Timeout(60)
class ReplicatedStoreTest {

    private static final Duration CONVERGE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private ReplicaNode a;
    private ReplicaNode b;
    private ReplicaNode c;

    @BeforeEach
    void startThreeNodes() {
        List<ClusterConfig> configs = TestClusters.configs(TestClusters.uniqueName(), "a", "b", "c");
        a = new ReplicaNode(configs.get(0), dir.resolve("a")).start();
        b = new ReplicaNode(configs.get(1), dir.resolve("b")).start();
        c = new ReplicaNode(configs.get(2), dir.resolve("c")).start();
        await().atMost(CONVERGE).until(() -> List.of(a, b, c).stream().allMatch(n -> n.membership.members().size() == 3));
    }

    @AfterEach
    void stopAll() {
        for (ReplicaNode n : List.of(a, b, c)) {
            n.membership.close();
            n.store.close();
        }
    }

    @Test
    void writeOnOneNodeIsVisibleOnAllOthers() {
        Entry written = a.store.put("realm/x/user/alice", "v1".getBytes(UTF_8));

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(b.store.get("realm/x/user/alice")).contains(written);
            assertThat(c.store.get("realm/x/user/alice")).contains(written);
        });
    }

    @Test
    void batchReplicatesEveryMutation() {
        a.store.batch(List.of(Mutation.put("k/1", "1".getBytes(UTF_8)), Mutation.put("k/2", "2".getBytes(UTF_8))));

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(c.value("k/1")).isEqualTo("1");
            assertThat(c.value("k/2")).isEqualTo("2");
        });
    }

    @Test
    void deleteReplicatesAsTombstone() {
        a.store.put("k", "v".getBytes(UTF_8));
        await().atMost(CONVERGE).until(() -> c.value("k") != null);

        Entry tombstone = b.store.delete("k");

        await().atMost(CONVERGE).untilAsserted(() -> {
            for (ReplicaNode n : List.of(a, c)) {
                assertThat(n.store.get("k")).isEmpty();
                List<Entry> all = new ArrayList<>();
                n.store.scanAll("k", all::add);
                assertThat(all).containsExactly(tombstone);
            }
        });
    }

    @Test
    void replicatedChangesFireListenersOnOtherNodes() {
        List<String> seenOnC = new CopyOnWriteArrayList<>();
        c.store.addListener(e -> seenOnC.add(e.key()));

        a.store.put("realm/x/user/bob", "{}".getBytes(UTF_8));

        await().atMost(CONVERGE).until(() -> seenOnC.contains("realm/x/user/bob"));
    }

    @Test
    void concurrentWritesToOneKeyConvergeToTheSameWinnerEverywhere() throws Exception {
        List<ReplicaNode> nodes = List.of(a, b, c);
        ExecutorService writers = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (ReplicaNode n : nodes) {
                writers.execute(() -> {
                    awaitQuietly(go);
                    for (int i = 0; i < 20; i++) {
                        n.store.put("contended", (n.config.nodename() + i).getBytes(UTF_8));
                    }
                });
            }
            go.countDown();
        } finally {
            writers.shutdown();
            assertThat(writers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        await().atMost(CONVERGE).untilAsserted(() -> {
            Version va = a.store.get("contended").orElseThrow().version();
            assertThat(b.store.get("contended").orElseThrow().version()).isEqualTo(va);
            assertThat(c.store.get("contended").orElseThrow().version()).isEqualTo(va);
            assertThat(b.value("contended")).isEqualTo(a.value("contended")).isEqualTo(c.value("contended"));
        });
    }

    @Test
    void stoppedNodeCatchesUpThroughAntiEntropyWhenItRejoins() {
        c.stop();
        await().atMost(CONVERGE).until(() -> a.membership.members().size() == 2);
        a.store.put("while-c-was-down/1", "1".getBytes(UTF_8));
        b.store.put("while-c-was-down/2", "2".getBytes(UTF_8));
        a.store.delete("while-c-was-down/1");

        c.start();

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(c.store.get("while-c-was-down/1")).isEmpty();
            assertThat(c.value("while-c-was-down/2")).isEqualTo("2");
            List<Entry> tombstones = new ArrayList<>();
            c.store.scanAll("while-c-was-down/1", tombstones::add);
            assertThat(tombstones).hasSize(1).allMatch(Entry::isTombstone);
        });
    }

    @Test
    void partitionedSidesWithWritesOnBothConvergeWhenItHeals() {
        c.membership.leave(); // c is cut off: its store stays open and writable
        await().atMost(CONVERGE).until(() -> a.membership.members().size() == 2);
        a.store.put("only-on-ab", "ab".getBytes(UTF_8));
        c.store.put("only-on-c", "c".getBytes(UTF_8));
        a.store.put("both", "from-a".getBytes(UTF_8));
        Entry later = c.store.put("both", "from-c".getBytes(UTF_8)); // later HLC: the last writer wins

        c.membership.join(a.config.seeds().get(0));

        await().atMost(CONVERGE).untilAsserted(() -> {
            for (ReplicaNode n : List.of(a, b, c)) {
                assertThat(n.value("only-on-ab")).isEqualTo("ab");
                assertThat(n.value("only-on-c")).isEqualTo("c");
                assertThat(n.store.get("both")).contains(later);
            }
        });
    }

    @Test
    void runningSidesOfANetworkPartitionConvergeAfterItHeals() {
        Partitions.cut(List.of(a.membership, b.membership), List.of(c.membership));
        await().atMost(CONVERGE).until(() -> a.membership.members().size() == 2 && c.membership.members().size() == 1);
        a.store.put("split/ab", "ab".getBytes(UTF_8));
        c.store.put("split/c", "c".getBytes(UTF_8));
        b.store.put("split/both", "from-b".getBytes(UTF_8));
        Entry last = c.store.put("split/both", "from-c".getBytes(UTF_8));

        Partitions.heal(List.of(a.membership, b.membership, c.membership));

        await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> {
            for (ReplicaNode n : List.of(a, b, c)) {
                assertThat(n.membership.members()).hasSize(3);
                assertThat(n.value("split/ab")).isEqualTo("ab");
                assertThat(n.value("split/c")).isEqualTo("c");
                assertThat(n.store.get("split/both")).contains(last);
            }
        });
    }

    @Test
    void writesReachEveryNodeWithinMilliseconds() throws Exception {
        int writes = 200;
        java.util.Map<String, CountDownLatch> arrivals = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < writes; i++) {
            arrivals.put("latency/" + i, new CountDownLatch(2));
        }
        b.store.addListener(e -> arrivals.getOrDefault(e.key(), new CountDownLatch(0)).countDown());
        c.store.addListener(e -> arrivals.getOrDefault(e.key(), new CountDownLatch(0)).countDown());
        long[] micros = new long[writes];

        for (int i = 0; i < writes; i++) {
            long start = System.nanoTime();
            a.store.put("latency/" + i, "x".getBytes(UTF_8));
            assertThat(arrivals.get("latency/" + i).await(5, TimeUnit.SECONDS)).isTrue();
            micros[i] = (System.nanoTime() - start) / 1000;
        }

        java.util.Arrays.sort(micros);
        org.slf4j.LoggerFactory.getLogger(ReplicatedStoreTest.class).info(
                "Write on a visible on b and c (RocksDB sync_writes off, loopback, {} writes): p50 {} us, p99 {} us, max {} us",
                writes, micros[writes / 2], micros[writes * 99 / 100], micros[writes - 1]);
        assertThat(micros[writes / 2]).isLessThan(500_000);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
