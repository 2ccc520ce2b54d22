package io.bondy.server;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.server.config.ConfigLoader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three Bondy nodes in this JVM forming a cluster over real JGroups channels on 127.0.0.1 (random free
 * peer ports), each with its RocksDB store under {@code dir}, and an HTTP client for their gateways.
 * Shared by {@link GatewayClusterTest} and {@link GatewayPropagationBenchmark}.
 */
final class GatewayCluster implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final BondyServer[] nodes = new BondyServer[3];
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayCluster(Path dir) throws Exception {
        int[] peerPorts = new int[3];
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                peerPorts[i] = s.getLocalPort();
            }
        }
        String seeds = IntStream.of(peerPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        String name = "gw-" + Long.toHexString(System.nanoTime());
        try {
            for (int i = 0; i < 3; i++) {
                Map<String, String> env = ClusterSuite.nodeEnv(i, name, "gateway-suite-secret", peerPorts[i], seeds,
                        dir.resolve("node" + i));
                env.put("BONDY_WAMP_TCP_PORT", "0");
                env.put("BONDY_ADMIN_API_HTTP_ENABLED", "off");
                nodes[i] = new BondyServer(new ConfigLoader(env).load(null));
                nodes[i].start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes[0].isReady() && nodes[1].isReady()
                    && nodes[2].isReady());
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** A spec with a static {@code /hello} and a {@code wamp_call} {@code /add/:a/:b} under {@code basePath}. */
    static Map<?, ?> spec(String id, String basePath) throws Exception {
        return JSON.readValue("""
                {"id": "%s", "name": "Cluster API", "host": "_", "realm_uri": "realm1",
                 "versions": {"1": {"base_path": "%s", "paths": {
                   "/hello": {"get": {"action": {"type": "static", "body": {"hello": "{{request.host}}"}}}},
                   "/add/:a/:b": {"get": {"action": {"type": "wamp_call", "procedure": "com.example.cluster.add",
                       "args": ["{{request.bindings.a |> integer}}", "{{request.bindings.b |> integer}}"]},
                     "response": {"on_result": {"body": {"sum": "{{action.result.args |> head}}"}}}}}}}}}
                """.formatted(id, basePath), Map.class);
    }

    int status(int node, String path) throws Exception {
        return get(node, path).statusCode();
    }

    HttpResponse<String> get(int node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes[node].webSocketPort() + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        for (BondyServer n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }
}
