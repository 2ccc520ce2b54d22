package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Result;
import io.bondy.core.message.Welcome;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real network partition: three {@code Main} processes, each in its own network namespace
 * ({@code ip netns}) with two interfaces, one on a "cluster" bridge (the nodes' {@code cluster.bind_addr},
 * 10.253.x.0/24, nothing else on it) and one on a "client" bridge (WAMP and admin listeners,
 * 10.254.x.0/24, where this JVM has .254). The partition takes node 2's cluster link down at the
 * bridge: no socket closes, packets vanish both ways, as when a switch port or a cable goes; the
 * clients still reach every node. Each side keeps serving and takes writes; after the link comes back,
 * every node has every node's routes, sessions and users, and calls and events cross both ways.
 *
 * <p>Needs Linux, {@code ip} and the right to create namespaces, veths and bridges (root or
 * CAP_NET_ADMIN); skipped with a message otherwise. Everything it creates carries a random name prefix
 * and is deleted at the end. {@code -Dbondy.cluster.heal.runs=N} repeats the partition N times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NetnsPartitionTest {

    private static final Logger LOG = LoggerFactory.getLogger(NetnsPartitionTest.class);
    private static final int PEER_PORT = 18086;
    private static final int WAMP_PORT = 18082;
    private static final int ADMIN_PORT = 18081;

    @TempDir
    static Path dir;

    private final String prefix = "bn" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final int subnet = ThreadLocalRandom.current().nextInt(1, 250);
    private final List<String> created = new ArrayList<>();
    private final Process[] nodes = new Process[3];
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private boolean networkUp;

    private String clusterIp(int i) {
        return "10.253." + subnet + "." + (i + 1);
    }

    private String clientIp(int i) {
        return "10.254." + subnet + "." + (i + 1);
    }

    private String ns(int i) {
        return prefix + "n" + i;
    }

    @BeforeAll
    void network() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "needs Linux (ip netns)");
        Assumptions.assumeTrue(new File("/usr/sbin/ip").canExecute() || new File("/sbin/ip").canExecute()
                || new File("/usr/bin/ip").canExecute(), "needs the ip command (iproute2)");
        String routes = run(false, "ip", "-4", "route");
        Assumptions.assumeFalse(routes.contains("10.253." + subnet + ".") || routes.contains("10.254." + subnet + "."),
                "the test's subnets are in use on this host");
        String probe = prefix + "probe";
        if (!ok("ip", "netns", "add", probe)) {
            Assumptions.abort("creating a network namespace is not allowed here (needs root or CAP_NET_ADMIN):"
                    + " the real-partition test is skipped");
        }
        ok("ip", "netns", "del", probe);
        // the two bridges; the client one gets an address of this host's namespace
        for (String br : List.of(prefix + "c", prefix + "k")) {
            sh("ip", "link", "add", br, "type", "bridge");
            created.add("link:" + br);
            sh("ip", "link", "set", br, "up");
        }
        sh("ip", "addr", "add", "10.254." + subnet + ".254/24", "dev", prefix + "k");
        for (int i = 0; i < 3; i++) {
            sh("ip", "netns", "add", ns(i));
            created.add("netns:" + ns(i));
            sh("ip", "-n", ns(i), "link", "set", "lo", "up");
            for (String kind : List.of("c", "k")) {
                String host = prefix + i + kind + "h";
                String inner = prefix + i + kind;
                sh("ip", "link", "add", host, "type", "veth", "peer", "name", inner);
                created.add("link:" + host);
                sh("ip", "link", "set", inner, "netns", ns(i));
                sh("ip", "link", "set", host, "master", prefix + kind);
                sh("ip", "link", "set", host, "up");
                String ip = kind.equals("c") ? clusterIp(i) : clientIp(i);
                sh("ip", "-n", ns(i), "addr", "add", ip + "/24", "dev", inner);
                sh("ip", "-n", ns(i), "link", "set", inner, "up");
            }
        }
        networkUp = true;
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> ready(0) && ready(1) && ready(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> memberCount(0) == 3);
    }

    @AfterAll
    void teardown() throws Exception {
        for (Process p : nodes) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : nodes) {
            if (p != null && !p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (int i = created.size() - 1; i >= 0; i--) {
            String[] what = created.get(i).split(":", 2);
            if (what[0].equals("netns")) {
                ok("ip", "netns", "del", what[1]);
            } else {
                ok("ip", "link", "del", what[1]); // a veth's peer goes with it
            }
        }
    }

    private void start(int i) throws IOException {
        String seeds = IntStream.range(0, 3).mapToObj(k -> clusterIp(k) + ":" + PEER_PORT)
                .collect(Collectors.joining(","));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", ns(i), java, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.bondy.server.Main", "start");
        Map<String, String> env = pb.environment();
        env.putAll(ClusterSuite.nodeEnv(i, prefix, "netns-suite-secret", PEER_PORT, seeds, dir.resolve("node" + i)));
        env.put("BONDY_CLUSTER_BIND_ADDR", clusterIp(i));
        env.put("BONDY_WAMP_TCP_IP", clientIp(i));
        env.put("BONDY_WAMP_TCP_PORT", String.valueOf(WAMP_PORT));
        env.put("BONDY_ADMIN_API_HTTP_IP", clientIp(i));
        env.put("BONDY_ADMIN_API_HTTP_PORT", String.valueOf(ADMIN_PORT));
        env.put("BONDY_API_GATEWAY_HTTP_IP", clientIp(i));
        String kept = System.getProperty("bondy.cluster.logs");
        Path logs = kept == null ? dir : Files.createDirectories(Path.of(kept));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("netns-node" + i
                + ".log").toFile()));
        nodes[i] = pb.start();
    }

    private boolean ready(int i) {
        if (nodes[i] == null || !nodes[i].isAlive()) {
            return false;
        }
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + clientIp(i) + ":" + ADMIN_PORT
                    + "/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private RawSocketClient connect(int i) throws IOException {
        return RawSocketClient.connect(WAMP_PORT, clientIp(i));
    }

    private RawSocketClient admin(int i) throws IOException {
        RawSocketClient c = connect(i);
        assertThat(c.loginWampCra(ClusterSuite.MASTER, "admin", ClusterSuite.ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
        return c;
    }

    private int memberCount(int i) throws IOException {
        try (RawSocketClient admin = admin(i)) {
            return ClusterSuite.memberCount(admin);
        }
    }

    @Test
    void aPartitionedNodeKeepsServingItsSideAndEverythingConvergesWhenTheLinkComesBack() throws Exception {
        Assumptions.assumeTrue(networkUp, "no network namespaces");
        int runs = Integer.getInteger("bondy.cluster.heal.runs", 1);
        List<Long> healMillis = new ArrayList<>();
        try (HealProbe probe = new HealProbe("com.heal.netns", 3, this::connect, 0)) {
            probe.awaitHealed(Duration.ofSeconds(30));
            for (int run = 0; run < runs; run++) {
                sh("ip", "link", "set", prefix + "2ch", "down"); // node 2's cluster cable
                long cut = System.nanoTime();
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> memberCount(0) == 2 && memberCount(1) == 2 && memberCount(2) == 1);
                    LOG.info("MEASURED netns run {}: both sides installed their own view {} ms after the cut", run,
                            (System.nanoTime() - cut) / 1_000_000);
                    // each side serves and takes writes
                    probe.assertCallsAmong(0, 1);
                    probe.assertCallsAmong(2);
                    try (RawSocketClient admin0 = admin(0); RawSocketClient admin2 = admin(2)) {
                        addUser(admin0, "left" + run);
                        addUser(admin2, "right" + run);
                    }
                } finally {
                    sh("ip", "link", "set", prefix + "2ch", "up");
                }
                long healed = probe.awaitHealed(ClusterSuite.HEAL_BOUND).toMillis();
                healMillis.add(healed);
                LOG.info("MEASURED netns run {}: link back, every node healed {} ms later", run, healed);
                List<String> users = List.of("left" + run, "right" + run);
                for (int node = 0; node < 3; node++) {
                    int n = node;
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        for (String user : users) {
                            try (RawSocketClient c = connect(n)) {
                                assertThat(c.loginWampCra(ClusterSuite.MASTER, user, user + "-pass"))
                                        .as(user + " on node " + n).isInstanceOf(Welcome.class);
                            }
                        }
                    });
                }
                probe.assertCallsBothWays();
                probe.assertEventsBothWays("after-partition-" + run);
            }
        }
        ClusterSuite.logPercentiles("netns partition of node 2 + heal", healMillis);
    }

    private static void addUser(RawSocketClient admin, String user) throws IOException {
        assertThat(admin.call("bondy.user.add", ClusterSuite.MASTER, Map.of("username", user, "password",
                user + "-pass"))).isInstanceOf(Result.class);
        assertThat(admin.call("bondy.source.add", ClusterSuite.MASTER, Map.of("usernames", List.of(user),
                "authmethod", "wampcra", "cidr", "0.0.0.0/0"))).isInstanceOf(Result.class);
    }

    // ---- running ip ----

    private static void sh(String... command) throws IOException, InterruptedException {
        run(true, command);
    }

    private static boolean ok(String... command) {
        try {
            run(true, command);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String run(boolean check, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": timed out");
        }
        if (check && p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }
}
