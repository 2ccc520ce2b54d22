package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bondy.server.config.ConfigException;
import io.bondy.server.config.ConfigLoader;
import io.bondy.server.tls.ClusterTls;
import io.bondy.transport.tls.TestPki;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer traffic over TLS with mutual authentication ({@code cluster.tls.*}): two nodes with certificates
 * of the cluster CA form a cluster; a third node that knows the secret but holds a certificate of
 * another CA (even one of the same name) is refused during the TLS handshake, logged and counted, and
 * never enters the view.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterTlsTest {

    private final TestPki clusterCa = TestPki.create("Bondy cluster CA");
    private final TestPki impostor = TestPki.create("Bondy cluster CA");
    private final String clusterName = "tls-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @Test
    void nodesOfTheClusterCaJoinAndAForeignNodeIsRefused() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        try (BondyServer a = node(0, ports, seeds, clusterCa);
             BondyServer b = node(1, ports, seeds, clusterCa)) {
            a.start();
            b.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.cluster().orElseThrow().membership().members().size() == 2
                    && b.cluster().orElseThrow().membership().members().size() == 2);

            long refusedBefore = ClusterTls.refusals();
            try (BondyServer foreign = node(2, ports, seeds, impostor)) {
                Thread startFails = new Thread(() -> {
                    try {
                        foreign.start(); // keeps trying to join; it must not get in
                    } catch (RuntimeException expected) {
                        // a node that cannot join may give up
                    }
                });
                startFails.setDaemon(true);
                startFails.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> ClusterTls.refusals() > refusedBefore);
                // a few rounds of discovery and merging later, the view is still the two nodes
                await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(a.cluster().orElseThrow().membership().members()).hasSize(2)
                            .doesNotContain("node2");
                    assertThat(b.cluster().orElseThrow().membership().members()).hasSize(2);
                });
                startFails.interrupt();
            }
        }
    }

    @Test
    void tlsKeysAreCheckedAtStart() {
        Map<String, String> env = ClusterSuite.nodeEnv(0, clusterName, "secret-for-tls", freePortUnchecked(), "",
                dir.resolve("x"));
        env.put("BONDY_CLUSTER_TLS_ENABLED", "on");
        assertThatThrownBy(() -> new ConfigLoader(env).load(null)).isInstanceOf(ConfigException.class)
                .hasMessage("cluster.tls.certfile must name a PEM file when cluster.tls.enabled is on");
        env.put("BONDY_CLUSTER_TLS_CERTFILE", dir.resolve("missing.pem").toString());
        env.put("BONDY_CLUSTER_TLS_KEYFILE", dir.resolve("missing.pem").toString());
        env.put("BONDY_CLUSTER_TLS_CACERTFILE", dir.resolve("missing.pem").toString());
        assertThatThrownBy(() -> new ConfigLoader(env).load(null)).isInstanceOf(ConfigException.class)
                .hasMessage("cluster.tls.certfile: " + dir.resolve("missing.pem") + " does not exist");
    }

    private BondyServer node(int i, int[] ports, String seeds, TestPki ca) {
        Path files = dir.resolve("node" + i + "-tls");
        files.toFile().mkdirs();
        TestPki.Issued cert = ca.peer("node" + i);
        Map<String, String> env = ClusterSuite.nodeEnv(i, clusterName, "the-same-secret", ports[i], seeds,
                dir.resolve("node" + i));
        env.put("BONDY_WAMP_TCP_PORT", "0");
        env.put("BONDY_ADMIN_API_HTTP_ENABLED", "off");
        env.put("BONDY_CLUSTER_TLS_ENABLED", "on");
        env.put("BONDY_CLUSTER_TLS_CERTFILE", cert.writeChain(files.resolve("cert.pem")).toString());
        env.put("BONDY_CLUSTER_TLS_KEYFILE", cert.writeKey(files.resolve("key.pem")).toString());
        env.put("BONDY_CLUSTER_TLS_CACERTFILE", ca.writeCa(files.resolve("ca.pem")).toString());
        return new BondyServer(new ConfigLoader(env).load(null));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freePortUnchecked() {
        try {
            return freePort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
