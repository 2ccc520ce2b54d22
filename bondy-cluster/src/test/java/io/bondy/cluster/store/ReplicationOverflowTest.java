package io.bondy.cluster.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.TestClusters;
import io.bondy.cluster.membership.SendGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the replicated store's outbound queue is bounded ({@code cluster.replication_max_queue}).
 * While node a's sends are held (a {@link SendGate} at the top of its JGroups stack, as a member that
 * does not read), its writes still return at once; past the queue's two writes they are not multicast
 * and counted, and once the sends flow again anti-entropy brings every one of them to node b.
 */
@Timeout(90)
class ReplicationOverflowTest {

    private static final int QUEUE = 2;
    private static final int WRITES = 40;

    @TempDir
    Path dir;

    private ReplicaNode a;
    private ReplicaNode b;

    @AfterEach
    void stop() {
        for (ReplicaNode n : new ReplicaNode[] {a, b}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    void writesPastAFullReplicationQueueAreCountedAndReachThePeerByAntiEntropy() throws Exception {
        List<ClusterConfig> configs = TestClusters.configs(TestClusters.uniqueName(), "a", "b").stream()
                .map(c -> c.withLimits(new ClusterConfig.Limits(100, QUEUE, Duration.ZERO))).toList();
        a = new ReplicaNode(configs.get(0), dir.resolve("a")).start();
        b = new ReplicaNode(configs.get(1), dir.resolve("b")).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> a.membership.isMember("b") && b.membership.isMember("a"));

        SendGate gate = SendGate.close(a.membership);
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> IntStream.rangeClosed(1, WRITES)
                .forEach(i -> a.store.put("k/" + i, ("v" + i).getBytes(UTF_8))));
        writes.get(20, TimeUnit.SECONDS); // local writes never wait for the network

        long notMulticast = a.store.stats().get("writes_not_multicast");
        assertThat(notMulticast).as("writes past the queue of %d", QUEUE).isGreaterThan(0);
        assertThat(a.store.writesNotMulticast()).isEqualTo(notMulticast);

        gate.open();
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(IntStream.rangeClosed(1, WRITES)
                .filter(i -> !("v" + i).equals(b.value("k/" + i))).boxed().toList())
                .as("keys b lacks").isEmpty());
    }
}
