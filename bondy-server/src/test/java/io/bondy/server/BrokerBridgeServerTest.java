package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.bondy.core.message.Error;
import io.bondy.core.message.Published;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.server.config.ConfigLoader;
import io.bondy.server.config.ConfigException;
import io.bondy.server.config.ServerConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker bridge in real nodes against the local RabbitMQ: the admin procedures, a spec loaded on
 * node 0 of a three-node cluster bridging events published on node 2 exactly once, {@code /ready}
 * naming a bridge whose broker is down, and bad configuration refused at start.
 */
@Timeout(180)
class BrokerBridgeServerTest {

    private static final String MASTER = "com.leapsight.bondy";
    private static final String ADMIN_PASSWORD = "admin-password-1";

    @TempDir
    Path dir;

    private final List<BondyServer> servers = new ArrayList<>();
    private final String clusterName = "bridge-" + Long.toHexString(System.nanoTime());

    @AfterEach
    void stopAll() {
        servers.forEach(BondyServer::close);
    }

    @Test
    void specLoadedOnNodeZeroBridgesEventsPublishedOnNodeTwoExactlyOnce() throws Exception {
        String queue = "bondy-test-cluster-" + UUID.randomUUID();
        List<Integer> peerPorts = List.of(freePort(), freePort(), freePort());
        String seeds = peerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        for (int i = 0; i < 3; i++) {
            servers.add(new BondyServer(config("node" + i, peerPorts.get(i), seeds, 5672)));
        }
        servers.stream().map(s -> java.util.concurrent.CompletableFuture.runAsync(s::start)).toList()
                .forEach(java.util.concurrent.CompletableFuture::join);
        await().atMost(Duration.ofSeconds(30)).until(() -> servers.stream().allMatch(s ->
                s.cluster().orElseThrow().membership().members().size() == 3 && s.isReady()));

        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection rabbit = factory.newConnection("test")) {
            Channel ch = rabbit.createChannel();
            ch.queueDeclare(queue, true, false, true, null);
            List<byte[]> received = new CopyOnWriteArrayList<>();
            ch.basicConsume(queue, true, (tag, d) -> received.add(d.getBody()), tag -> { });

            Map<String, Object> spec = Map.of("id", "cluster-test", "kind", "broker_bridge",
                    "subscriptions", List.of(Map.of("bridge", "amqp",
                            "match", Map.of("realm", MASTER, "topic", "com.example.bridged"),
                            "action", Map.of("type", "produce", "topic", queue, "value", "{{event.kwargs}}"))));
            try (RawSocketClient admin = RawSocketClient.connect(servers.get(0).rawSocketPort())) {
                assertThat(admin.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
                assertThat(admin.call("bondy.broker_bridge.spec.load", spec)).isInstanceOf(Result.class);
                assertThat(admin.call("bondy.broker_bridge.spec.list")).isInstanceOfSatisfying(Result.class,
                        r -> assertThat(r.payload().toString()).contains("cluster-test"));
            }
            for (BondyServer s : servers) { // replicated to every node, applied there
                await().atMost(Duration.ofSeconds(20)).until(() -> s.bridge().get("cluster-test").isPresent());
                s.bridge().awaitApplied(10_000);
            }
            int events = 200;
            try (RawSocketClient publisher = RawSocketClient.connect(servers.get(2).rawSocketPort())) {
                assertThat(publisher.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
                for (int i = 0; i < events; i++) {
                    assertThat(publisher.publish("com.example.bridged", List.of(), Map.of("seq", i)))
                            .isInstanceOf(Published.class);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= events);
            // and no second copy follows from another node
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> received.size() == events);
            List<String> values = received.stream().map(String::new).toList();
            assertThat(values).doesNotHaveDuplicates().contains("{\"seq\":0}", "{\"seq\":199}");
            assertThat(delivered(servers.get(2))).isEqualTo(events);
            assertThat(delivered(servers.get(0))).isZero();
            assertThat(delivered(servers.get(1))).isZero();

            try (RawSocketClient admin = RawSocketClient.connect(servers.get(1).rawSocketPort())) {
                assertThat(admin.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
                assertThat(admin.call("bondy.broker_bridge.spec.delete", "cluster-test")).isInstanceOf(Result.class);
                assertThat(admin.call("bondy.broker_bridge.spec.get", "cluster-test")).isInstanceOfSatisfying(
                        Error.class, e -> assertThat(e.error()).isEqualTo("bondy.error.not_found"));
            }
            for (BondyServer s : servers) {
                await().atMost(Duration.ofSeconds(20)).until(() -> s.bridge().list().isEmpty());
            }
        }
    }

    @Test
    void aBadSpecIsRefusedWithThePathOfItsErrorAndStatusNamesEveryClient() throws Exception {
        BondyServer server = new BondyServer(config("solo", 0, null, 5672));
        servers.add(server);
        server.start();
        Map<String, Object> bad = Map.of("id", "bad", "subscriptions", List.of(Map.of("bridge", "amqp",
                "match", Map.of("realm", MASTER, "topic", "com.example.t"),
                "action", Map.of("type", "produce", "topic", "q", "value", "{{event.kwargs |> no_such_op}}"))));
        Map<String, Object> unknownBridge = Map.of("id", "bad", "subscriptions", List.of(Map.of("bridge", "zeromq",
                "match", Map.of("realm", MASTER, "topic", "com.example.t"),
                "action", Map.of("type", "produce", "topic", "q", "value", "x"))));
        try (RawSocketClient admin = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(admin.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
            WampMessage reply = admin.call("bondy.broker_bridge.spec.load", bad);
            assertThat(reply).isInstanceOfSatisfying(Error.class, e -> {
                assertThat(e.error()).isEqualTo("wamp.error.invalid_argument");
                assertThat(e.payload().toString()).contains("subscriptions.0.action.value");
            });
            assertThat(admin.call("bondy.broker_bridge.spec.load", unknownBridge)).isInstanceOfSatisfying(Error.class,
                    e -> assertThat(e.payload().toString()).contains("subscriptions.0.bridge"));
            assertThat(admin.call("bondy.broker_bridge.spec.list")).isInstanceOfSatisfying(Result.class,
                    r -> assertThat(r.payload().toString()).doesNotContain("bad"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.call("bondy.broker_bridge.status")).isInstanceOfSatisfying(Result.class,
                            r -> assertThat(r.payload().toString()).contains("bridge=amqp.default", "connected=true")));
        }
    }

    @Test
    void inboundRecordsArePublishedAsTheConfiguredAuthidUnderItsPermissions() throws Exception {
        BondyServer server = new BondyServer(config("solo", 0, null, 5672));
        servers.add(server);
        server.start();
        String allowed = "bondy-test-in-ok-" + UUID.randomUUID();
        String refused = "bondy-test-in-refused-" + UUID.randomUUID();
        Map<String, Object> spec = Map.of("id", "inbound-authz", "inbound", List.of(
                inbound(allowed, "admin"), inbound(refused, "nobody")));
        try (RawSocketClient subscriber = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(subscriber.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
            assertThat(subscriber.subscribe("com.example.inbound")).isInstanceOf(io.bondy.core.message.Subscribed.class);
            server.bridge().load(spec);
            server.bridge().awaitApplied(10_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.bridge().status().get(0).get("connected")
                    .equals(true));
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            try (Connection rabbit = factory.newConnection("test")) {
                Channel ch = rabbit.createChannel();
                for (String q : List.of(allowed, refused)) {
                    ch.queueDeclare(q, true, false, false, null);
                }
                ch.confirmSelect();
                ch.basicPublish("", refused, null, "{\"n\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ch.basicPublish("", allowed, null, "{\"n\": 2}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ch.waitForConfirmsOrDie(10_000);
                assertThat(subscriber.next()).isInstanceOfSatisfying(io.bondy.core.message.Event.class,
                        e -> assertThat(e.payload().toString()).contains("n=2"));
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        server.bridge().status().get(0).get("inbound_failed").equals(1L));
                assertThat(server.bridge().status().get(0)).containsEntry("consumed", 1L);
                // the refused record was acknowledged: counted once, not redelivered over and over
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                        server.bridge().status().get(0).get("inbound_failed").equals(1L));
                ch.queueDelete(allowed);
                ch.queueDelete(refused);
            }
        }
    }

    private static Map<String, Object> inbound(String queue, String authid) {
        return Map.of("bridge", "amqp", "source", Map.of("topic", queue),
                "action", Map.of("type", "publish", "realm", MASTER, "authid", authid,
                        "topic", "com.example.inbound", "kwargs", "{{record.value}}"));
    }

    @Test
    void aBrokerDownAtStartDoesNotStopTheNodeAndReadyNamesIt() throws Exception {
        adminHttp = true;
        BondyServer server = new BondyServer(config("solo", 0, null, freePort())); // nothing listens there
        servers.add(server);
        server.start();
        assertThat(server.isReady()).isFalse();
        assertThat(server.bridge().status().get(0)).containsEntry("connected", false);
        java.net.http.HttpResponse<String> ready = get(server, "/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"broker_bridge.amqp.default\":\"failing\"", "\"store\":\"ok\"");
        assertThat(get(server, "/metrics").body()).contains("bondy_bridge_queued{bridge=\"amqp.default\",where=\"memory\"}");
        try (RawSocketClient admin = RawSocketClient.connect(server.rawSocketPort())) { // the node serves anyway
            assertThat(admin.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
        }
    }

    @Test
    void aBadClientKeyFailsTheStartNamingIt() throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "broker_bridge.amqp.clients.default.prefetch = lots\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker_bridge.amqp.clients.default.prefetch");
        Files.writeString(file, "broker_bridge.zeromq.clients.default.endpoints = \"x:1\"\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker_bridge.zeromq");
    }

    private boolean adminHttp;

    private static java.net.http.HttpResponse<String> get(BondyServer server, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.adminPort() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static long delivered(BondyServer s) {
        return (Long) s.bridge().status().get(0).get("delivered");
    }

    private ServerConfig config(String node, int peerPort, String seeds, int amqpPort) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BONDY_NODENAME", node);
        env.put("BONDY_API_GATEWAY_HTTP_PORT", "0");
        env.put("BONDY_WAMP_TCP_PORT", "0");
        env.put("BONDY_ADMIN_API_HTTP_ENABLED", adminHttp ? "on" : "off");
        env.put("BONDY_ADMIN_API_HTTP_PORT", "0");
        env.put("BONDY_PLATFORM_DATA_DIR", dir.resolve(node).toString());
        env.put("BONDY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        if (seeds != null) {
            env.put("BONDY_CLUSTER_ENABLED", "on");
            env.put("BONDY_CLUSTER_NAME", clusterName);
            env.put("BONDY_CLUSTER_PEER_PORT", String.valueOf(peerPort));
            env.put("BONDY_CLUSTER_SEEDS", seeds);
            env.put("BONDY_CLUSTER_SECRET", "bridge-secret");
            env.put("BONDY_CLUSTER_ANTI_ENTROPY_INTERVAL", "2s");
            env.put("BONDY_CLUSTER_FAILURE_TIMEOUT", "3s");
        }
        Path file = dir.resolve(node + ".conf");
        Files.writeString(file, "broker_bridge.amqp.clients.default.endpoints = \"127.0.0.1:" + amqpPort + "\"\n"
                + "broker_bridge.amqp.clients.default.reconnect_interval = 500ms\n");
        return new ConfigLoader(env).load(file);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
