package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.server.config.ConfigLoader;
import io.bondy.server.config.ServerConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three in-JVM nodes with clustering on, started together: security data written on one node works on the others. */
@Timeout(90)
class ClusteredServersTest {

    private static final String MASTER = "com.leapsight.bondy";
    private static final String ADMIN_PASSWORD = "admin-password-1";

    @TempDir
    Path dir;

    private final List<BondyServer> servers = new ArrayList<>();
    private final String clusterName = "e2e-" + Long.toHexString(System.nanoTime());

    @AfterEach
    void stopAll() {
        servers.forEach(BondyServer::close);
    }

    @Test
    void userAddedOnOneNodeAuthenticatesWithWampCraOnAnother() throws Exception {
        List<Integer> peerPorts = List.of(freePort(), freePort(), freePort());
        String seeds = peerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        for (int i = 0; i < 3; i++) {
            servers.add(new BondyServer(config("node" + i, peerPorts.get(i), seeds)));
        }
        // all at once, as an orchestrator starts them: every node bootstraps the admin user concurrently
        List<java.util.concurrent.CompletableFuture<Void>> starts = servers.stream()
                .map(s -> java.util.concurrent.CompletableFuture.runAsync(s::start)).toList();
        starts.forEach(java.util.concurrent.CompletableFuture::join);
        await().atMost(Duration.ofSeconds(20)).until(() -> servers.stream().allMatch(s ->
                s.cluster().orElseThrow().membership().members().size() == 3 && s.isReady()));

        try (RawSocketClient admin = RawSocketClient.connect(servers.get(0).rawSocketPort())) {
            assertThat(admin.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
            assertThat(admin.call("bondy.user.add", MASTER, Map.of("username", "alice", "password", "alice-pass")))
                    .isInstanceOf(Result.class);
            assertThat(admin.call("bondy.source.add", MASTER, Map.of("usernames", List.of("alice"),
                    "authmethod", "wampcra", "cidr", "0.0.0.0/0"))).isInstanceOf(Result.class);
            assertThat(admin.call("bondy.cluster.members")).isInstanceOfSatisfying(Result.class, r ->
                    assertThat(r.payload().toString()).contains("node0", "node1", "node2"));
            assertThat(admin.call("bondy.cluster.info")).isInstanceOfSatisfying(Result.class, r ->
                    assertThat(r.payload().toString()).contains("joined=true", "node=node0", "entries_sent"));
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            try (RawSocketClient alice = RawSocketClient.connect(servers.get(2).rawSocketPort())) {
                WampMessage reply = alice.loginWampCra(MASTER, "alice", "alice-pass");
                assertThat(reply).isInstanceOf(Welcome.class);
            }
        });
    }

    @Test
    void nodeLeavesAndRejoinsThroughTheAdminApiWithEventsAndIsNotReadyMeanwhile() throws Exception {
        List<Integer> peerPorts = List.of(freePort(), freePort());
        String seeds = peerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        for (int i = 0; i < 2; i++) {
            BondyServer server = new BondyServer(config("node" + i, peerPorts.get(i), seeds));
            servers.add(server);
            server.start();
        }
        BondyServer first = servers.get(0);
        BondyServer second = servers.get(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> members(first) == 2 && second.isReady());

        try (RawSocketClient admin = RawSocketClient.connect(second.rawSocketPort());
             RawSocketClient watcher = RawSocketClient.connect(first.rawSocketPort())) {
            assertThat(watcher.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
            assertThat(watcher.subscribe("bondy.cluster.member_left")).isInstanceOf(Subscribed.class);
            assertThat(watcher.subscribe("bondy.cluster.member_joined")).isInstanceOf(Subscribed.class);
            assertThat(admin.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);

            assertThat(admin.call("bondy.cluster.leave")).isInstanceOf(Result.class);

            assertThat(watcher.next()).isInstanceOfSatisfying(Event.class, e ->
                    assertThat(e.payload()).isEqualTo(Payload.of(List.of("node1"))));
            assertThat(members(first)).isEqualTo(1);
            assertThat(second.isReady()).isFalse();

            assertThat(admin.call("bondy.cluster.join", "127.0.0.1:" + peerPorts.get(0))).isInstanceOf(Result.class);

            assertThat(watcher.next()).isInstanceOfSatisfying(Event.class, e ->
                    assertThat(e.payload()).isEqualTo(Payload.of(List.of("node1"))));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> members(first) == 2 && second.isReady());
    }

    private static int members(BondyServer server) {
        return server.cluster().orElseThrow().membership().members().size();
    }

    private ServerConfig config(String node, int peerPort, String seeds) {
        Map<String, String> env = new HashMap<>();
        env.put("BONDY_NODENAME", node);
        env.put("BONDY_API_GATEWAY_HTTP_PORT", "0");
        env.put("BONDY_WAMP_TCP_PORT", "0");
        env.put("BONDY_ADMIN_API_HTTP_ENABLED", "off");
        env.put("BONDY_PLATFORM_DATA_DIR", dir.resolve(node).toString());
        env.put("BONDY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("BONDY_CLUSTER_ENABLED", "on");
        env.put("BONDY_CLUSTER_NAME", clusterName);
        env.put("BONDY_CLUSTER_PEER_PORT", String.valueOf(peerPort));
        env.put("BONDY_CLUSTER_SEEDS", seeds);
        env.put("BONDY_CLUSTER_SECRET", "e2e-secret");
        env.put("BONDY_CLUSTER_ANTI_ENTROPY_INTERVAL", "2s");
        env.put("BONDY_CLUSTER_FAILURE_TIMEOUT", "3s");
        return new ConfigLoader(env).load(null);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
