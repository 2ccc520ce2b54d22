package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Payload;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API gateway on a three-node cluster in this JVM ({@link GatewayCluster}): a spec loaded on node 0
 * serves on node 2 (its WAMP call crossing to a callee on node 0); deleted on node 1, it is gone on all;
 * every one of a series of loads reaches both other nodes. How long that takes is measured by
 * {@link GatewayPropagationBenchmark} ({@code bench/run.sh propagation}), not here.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayClusterTest {

    @TempDir
    static Path dir;
    private GatewayCluster cluster;
    private BondyServer[] nodes;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = new GatewayCluster(dir);
        nodes = cluster.nodes;
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<?, ?> spec(String id, String basePath) throws Exception {
        return GatewayCluster.spec(id, basePath);
    }

    private int status(int node, String path) throws Exception {
        return cluster.status(node, path);
    }

    private HttpResponse<String> get(int node, String path) throws Exception {
        return cluster.get(node, path);
    }

    @Test
    void aSpecLoadedOnNode0ServesOnNode2AndDeletedOnNode1IsGoneEverywhere() throws Exception {
        try (TestCallee callee = new TestCallee(nodes[0].rawSocketPort(), "realm1")) {
            callee.register("com.example.cluster.add", inv -> {
                List<Object> args = ((Payload.Arguments) inv.payload()).argsOrEmpty();
                return Payload.of(List.of(((Number) args.get(0)).longValue() + ((Number) args.get(1)).longValue()));
            });
            loadServeDelete();
        }
    }

    private void loadServeDelete() throws Exception {
        nodes[0].gateway().load(spec("com.example.cluster", "/cluster"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> status(2, "/cluster/hello") == 200);
        assertThat(status(1, "/cluster/hello")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> sum = get(2, "/cluster/add/40/2");
            assertThat(sum.statusCode()).as(sum.body()).isEqualTo(200);
            assertThat(GatewayCluster.JSON.readValue(sum.body(), Map.class)).isEqualTo(Map.of("sum", 42));
        });

        assertThat(nodes[1].gateway().delete("com.example.cluster")).isTrue();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() ->
                status(0, "/cluster/hello") == 404 && status(1, "/cluster/hello") == 404
                        && status(2, "/cluster/hello") == 404);
        for (int i = 0; i < 3; i++) {
            assertThat(nodes[i].gateway().registry().get("com.example.cluster")).isEmpty();
        }
    }

    @Test
    void everyLoadReachesBothOtherNodes() throws Exception {
        Map<String, Boolean> arrived1 = new ConcurrentHashMap<>();
        Map<String, Boolean> arrived2 = new ConcurrentHashMap<>();
        nodes[1].gateway().registry().addListener((id, spec) -> arrived1.put(id, true));
        nodes[2].gateway().registry().addListener((id, spec) -> arrived2.put(id, true));
        int loads = 10;
        for (int i = 0; i < loads; i++) {
            String id = "com.example.series" + i;
            nodes[0].gateway().load(spec(id, "/series" + i));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> arrived1.containsKey(id) && arrived2.containsKey(id));
        }
        for (int i = 0; i < loads; i++) {
            assertThat(status(2, "/series" + i + "/hello")).as("node 2 serves /series" + i).isEqualTo(200);
            assertThat(nodes[0].gateway().delete("com.example.series" + i)).isTrue();
        }
    }
}
