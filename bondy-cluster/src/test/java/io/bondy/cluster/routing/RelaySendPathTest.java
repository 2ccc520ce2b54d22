package io.bondy.cluster.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.TestClusters;
import io.bondy.cluster.membership.ClusterMembership;
import io.bondy.cluster.membership.PeerService;
import io.bondy.cluster.membership.SendGate;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.router.AnonymousAuthenticator;
import io.bondy.core.router.Router;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18: a JGroups send that blocks (held here by a {@link SendGate} at the top of the stack) holds
 * up neither the thread that routes (a client's event loop, played by a thread of the test) nor any
 * other: the relay queues and one sender thread sends; past {@code cluster.relay_max_queue} a message is
 * refused and counted, none is lost silently, and what was accepted arrives in order.
 */
@Timeout(90)
class RelaySendPathTest {

    private static final int QUEUE = 8;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService eventLoop = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-event-loop"));

    @AfterEach
    void close() throws Exception {
        eventLoop.shutdownNow();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aBlockedJGroupsSendHoldsUpNoRoutingThreadAndAFullQueueRefusesAndCounts() throws Exception {
        List<ClusterConfig> configs = TestClusters.configs(TestClusters.uniqueName(), "a", "b");
        ClusterMembership a = start(configs.get(0));
        ClusterMembership b = start(configs.get(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> a.isMember("b") && b.isMember("a"));
        List<String> arrived = new CopyOnWriteArrayList<>();
        b.addHandler(PeerService.ROUTING, (sender, payload) -> {
            String text = new String(payload, StandardCharsets.UTF_8);
            if (text.startsWith("T-")) {
                arrived.add(text);
            }
        });
        Router router = new Router(RouterConfig.development(), new AnonymousAuthenticator(), Authorizer.ALLOW_ALL,
                RouterMetrics.NOOP);
        JGroupsRelay relay = JGroupsRelay.connect(a, router.cluster(), Duration.ofSeconds(2), Duration.ofHours(1), QUEUE);
        open.add(relay);

        SendGate gate = SendGate.close(a);
        int total = QUEUE * 3;
        CompletableFuture<List<Boolean>> routed = CompletableFuture.supplyAsync(() -> {
            List<Boolean> accepted = new ArrayList<>();
            for (int i = 1; i <= total; i++) {
                accepted.add(relay.send("b", ("T-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            return accepted;
        }, eventLoop);

        List<Boolean> accepted = routed.get(10, TimeUnit.SECONDS); // before: the first send blocked this thread
        await().atMost(Duration.ofSeconds(10)).until(() -> !gate.senders().isEmpty());
        assertThat(gate.senders()).as("who reached JGroups").allMatch("bondy-relay-send"::equals);
        long refused = accepted.stream().filter(ok -> !ok).count();
        assertThat(refused).as("sends past the queue's %d messages are refused", QUEUE).isGreaterThan(0);
        assertThat(relay.refused()).as("and counted").isEqualTo(refused);
        assertThat(relay.stats()).containsEntry("relay_refused", refused);

        gate.open();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            if (accepted.get(i - 1)) {
                expected.add("T-" + i);
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(arrived).containsExactlyElementsOf(expected));
        assertThat(gate.senders()).allMatch("bondy-relay-send"::equals);
    }

    private ClusterMembership start(ClusterConfig config) {
        ClusterMembership m = new ClusterMembership(config);
        m.start();
        open.add(m);
        return m;
    }
}
