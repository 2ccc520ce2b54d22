package io.bondy.cluster.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClusterMembershipTest {

    private final List<ClusterMembership> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(ClusterMembership::close);
    }

    @Test
    void nodesListingEachOtherAsSeedsFormOneCluster() {
        List<ClusterConfig> configs = TestClusters.configs(TestClusters.uniqueName(), "a", "b", "c");
        configs.forEach(c -> start(c));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> nodes.forEach(n ->
                assertThat(n.members()).containsExactlyInAnyOrder("a", "b", "c")));
        assertThat(nodes).allMatch(ClusterMembership::joined);
        assertThat(nodes.get(0).peerAddress()).hasValueSatisfying(a -> assertThat(a).contains(":" + configs.get(0).peerPort()));
    }

    @Test
    void nodesOnOneHostWithPeerPorts100ApartFormOneCluster() {
        // JGroups' failure detector defaults to the peer port + 100: the first node would take the second's
        // peer port (the layout docs/clustering.md shows: 18086, 18186, 18286)
        int base = portsFreeAt(0, 1, 2, 3, 4, 100, 101, 102, 103, 104);
        String cluster = TestClusters.uniqueName();
        List<java.net.InetSocketAddress> seeds = List.of(java.net.InetSocketAddress.createUnresolved("127.0.0.1", base),
                java.net.InetSocketAddress.createUnresolved("127.0.0.1", base + 100));
        start(TestClusters.config(cluster, "a", base, seeds, TestClusters.SECRET));
        start(TestClusters.config(cluster, "b", base + 100, seeds, TestClusters.SECRET));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> nodes.forEach(n ->
                assertThat(n.members()).containsExactlyInAnyOrder("a", "b")));
    }

    @Test
    void anExplicitFailureDetectionPortIsAnOffsetFromThePeerPort() {
        ClusterConfig config = new ClusterConfig("x", "a", "127.0.0.1", 20000, List.of(), TestClusters.SECRET,
                Duration.ofSeconds(1), Duration.ofSeconds(3), ClusterConfig.Dns.OFF, Duration.ofSeconds(2), 21000);
        assertThat(config.failureDetectionOffset()).isEqualTo(1000);
        assertThat(TestClusters.config("x", "a", 20000, List.of(), TestClusters.SECRET).failureDetectionOffset())
                .isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClusterConfig("x", "a", "127.0.0.1", 20000,
                        List.of(), TestClusters.SECRET, Duration.ofSeconds(1), Duration.ofSeconds(3),
                        ClusterConfig.Dns.OFF, Duration.ofSeconds(2), 20000))
                .hasMessageContaining("cluster.failure_detection_port");
    }

    /** A port p such that p + each offset is free on 127.0.0.1 now. */
    private static int portsFreeAt(int... offsets) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = 20000 + random.nextInt(20000);
            boolean free = true;
            for (int o : offsets) {
                try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                    s.bind(new java.net.InetSocketAddress("127.0.0.1", p + o));
                } catch (java.io.IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return p;
            }
        }
        throw new IllegalStateException("no free ports 100 apart");
    }

    @Test
    void aNodeFindsTheClusterThroughADnsName() {
        String cluster = TestClusters.uniqueName();
        int portA = TestClusters.freePort();
        int portB = TestClusters.freePort();
        start(TestClusters.config(cluster, "a", portA, List.of(), TestClusters.SECRET));
        // no seeds: "localhost" (from /etc/hosts, as a Docker or Kubernetes name would come from DNS) on a's port
        start(new ClusterConfig(cluster, "b", "127.0.0.1", portB, List.of(), TestClusters.SECRET, Duration.ofSeconds(1),
                Duration.ofSeconds(3), new ClusterConfig.Dns("localhost", portA, Duration.ofSeconds(1))));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> nodes.forEach(n ->
                assertThat(n.members()).containsExactlyInAnyOrder("a", "b")));
    }

    @Test
    void aNodeThatAppearsBehindTheDnsNameLaterIsMergedIn() {
        String cluster = TestClusters.uniqueName();
        int portA = TestClusters.freePort();
        int portB = TestClusters.freePort();
        // b starts first, alone: the name points at a's port, where nobody listens yet
        start(new ClusterConfig(cluster, "b", "127.0.0.1", portB, List.of(), TestClusters.SECRET, Duration.ofSeconds(1),
                Duration.ofSeconds(3), new ClusterConfig.Dns("localhost", portA, Duration.ofMillis(500))));
        assertThat(nodes.get(0).members()).containsExactly("b");
        start(TestClusters.config(cluster, "a", portA, List.of(), TestClusters.SECRET));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> nodes.forEach(n ->
                assertThat(n.members()).containsExactlyInAnyOrder("a", "b")));
    }

    @Test
    void aDnsNameThatDoesNotResolveAddsNoSeed() {
        ClusterConfig config = new ClusterConfig("x", "a", "127.0.0.1", 1, List.of(
                java.net.InetSocketAddress.createUnresolved("127.0.0.1", 7)), TestClusters.SECRET,
                Duration.ofSeconds(1), Duration.ofSeconds(3),
                new ClusterConfig.Dns("no-such-host.invalid", 0, Duration.ofSeconds(1)));
        assertThat(new DnsSeeds(config).current()).extracting(java.net.InetSocketAddress::getPort).containsExactly(7);
        assertThat(config.dnsPort()).isEqualTo(1);
    }

    @Test
    void membersAreToldWhenANodeJoinsAndLeaves() {
        List<ClusterConfig> configs = TestClusters.configs(TestClusters.uniqueName(), "a", "b");
        ClusterMembership a = new ClusterMembership(configs.get(0));
        List<String> events = new CopyOnWriteArrayList<>();
        a.addListener(new MembershipListener() {
            @Override
            public void memberJoined(String member) {
                events.add("joined " + member);
            }

            @Override
            public void memberLeft(String member) {
                events.add("left " + member);
            }
        });
        nodes.add(a);
        a.start();
        ClusterMembership b = start(configs.get(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> events.contains("joined b"));

        b.leave();

        await().atMost(Duration.ofSeconds(15)).until(() -> events.contains("left b"));
        assertThat(a.members()).containsExactly("a");
        assertThat(b.joined()).isFalse();
    }

    @Test
    void nodeWithoutTheClusterSecretCannotJoin() {
        List<ClusterConfig> configs = TestClusters.configs(TestClusters.uniqueName(), "a", "b");
        configs.forEach(this::start);
        await().atMost(Duration.ofSeconds(15)).until(() -> nodes.get(0).members().size() == 2);
        ClusterConfig good = configs.get(0);
        ClusterConfig intruder = TestClusters.config(good.name(), "intruder", TestClusters.freePort(), good.seeds(),
                "wrong-secret");

        ClusterMembership bad = start(intruder);

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(nodes.get(0).members()).containsExactlyInAnyOrder("a", "b");
            assertThat(nodes.get(1).members()).containsExactlyInAnyOrder("a", "b");
            assertThat(bad.members()).doesNotContain("a", "b");
        });
    }

    private ClusterMembership start(ClusterConfig config) {
        ClusterMembership m = new ClusterMembership(config);
        nodes.add(m);
        m.start();
        return m;
    }
}
