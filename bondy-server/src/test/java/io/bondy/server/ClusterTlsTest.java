package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Payload;
import io.bondy.server.config.ConfigException;
import io.bondy.server.config.ConfigLoader;
import io.bondy.server.tls.ClusterTls;
import io.bondy.transport.tls.ReloadableTls;
import io.bondy.transport.tls.TestPki;
import io.bondy.transport.tls.TlsContext;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer traffic over TLS with mutual authentication ({@code cluster.tls.*}): two nodes with certificates
 * of the cluster CA form a cluster; a third node that knows the secret but holds a certificate of
 * another CA (even one of the same name) is refused during the TLS handshake, logged and counted, and
 * never enters the view. The files are reloaded while the nodes run ({@code bondy.tls.reload}, the
 * reloader's poll): a rotated certificate is what new peer connections see (a raw TLS client of the
 * cluster CA reads it off the peer port) while the view stays; a rotated CA file refuses a node of the
 * old CA; a broken file keeps the old certificate.
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
            startAsPair(a, b);

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
    void aRotatedCertificateIsPresentedToNewPeersWhileTheViewStays() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        try (BondyServer a = node(0, ports, seeds, clusterCa);
             BondyServer b = node(1, ports, seeds, clusterCa)) {
            startAsPair(a, b);
            String view = a.cluster().orElseThrow().membership().viewId().orElseThrow();
            assertThat(peerCertificate(ports[0]).getSubjectX500Principal().getName()).isEqualTo("CN=node0");

            TestPki.Issued rotated = clusterCa.peer("node0-rotated");
            rotated.writeChain(dir.resolve("node0-tls/cert.pem"));
            rotated.writeKey(dir.resolve("node0-tls/key.pem"));
            List<Map<String, Object>> results = call(a, "bondy.tls.reload");
            assertThat(results).filteredOn(r -> "cluster.tls".equals(r.get("listener"))).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("outcome", "reloaded")
                            .containsEntry("subject", "CN=node0-rotated"));
            assertThat(call(a, "bondy.tls.status")).filteredOn(r -> "cluster.tls".equals(r.get("listener")))
                    .singleElement().satisfies(r -> assertThat(r).containsEntry("subject", "CN=node0-rotated")
                            .containsEntry("client_auth", "required")
                            .containsEntry("cacertfile", dir.resolve("node0-tls/ca.pem").toString()));

            X509Certificate seen = peerCertificate(ports[0]); // a new peer connection
            assertThat(seen.getSubjectX500Principal().getName()).isEqualTo("CN=node0-rotated");
            assertThat(seen.getSerialNumber()).isEqualTo(rotated.certificate().getSerialNumber());
            // the open connection between the two stays: no new view for longer than the failure timeout
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(a.cluster().orElseThrow().membership().viewId()).contains(view);
                assertThat(b.cluster().orElseThrow().membership().viewId()).contains(view);
            });

            // a node joining now checks the rotated certificate against the CA and gets in
            try (BondyServer c = node(2, ports, seeds, clusterCa)) {
                c.start();
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        a.cluster().orElseThrow().membership().members().size() == 3
                                && c.cluster().orElseThrow().membership().members().size() == 3);
            }
        }
    }

    @Test
    void aRotatedCaFileRefusesANodeOfTheOldCa() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        TestPki nextCa = TestPki.create("Bondy cluster CA 2");
        try (BondyServer a = node(0, ports, seeds, clusterCa);
             BondyServer b = node(1, ports, seeds, clusterCa)) {
            startAsPair(a, b);
            // a client of the old CA that connected before the rotation could resume its TLS session: it must not
            SSLContext earlier = clusterCa.peer("earlier").clientContext(clusterCa.ca());
            assertThat(refused(earlier, ports[0])).isFalse();
            for (int i = 0; i < 2; i++) {
                nextCa.writeCa(dir.resolve("node" + i + "-tls/ca.pem"));
            }
            for (BondyServer node : List.of(a, b)) {
                assertThat(clusterTls(node).reload().outcome()).isEqualTo(TlsContext.Outcome.RELOADED);
                assertThat(((ClusterTls) clusterTls(node)).trusted()).containsExactly(nextCa.ca());
            }

            long refusedBefore = ClusterTls.refusals();
            try (BondyServer old = node(2, ports, seeds, clusterCa)) { // its certificate and CA: the old ones
                Thread startFails = new Thread(() -> {
                    try {
                        old.start();
                    } catch (RuntimeException expected) {
                        // a node that cannot join may give up
                    }
                });
                startFails.setDaemon(true);
                startFails.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> ClusterTls.refusals() > refusedBefore);
                await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(a.cluster().orElseThrow().membership().members()).containsExactlyInAnyOrder("node0", "node1");
                    assertThat(b.cluster().orElseThrow().membership().members()).containsExactlyInAnyOrder("node0", "node1");
                });
                startFails.interrupt();
            }
            assertThat(refused(earlier, ports[0])).isTrue(); // a full handshake, not a resumed session
        }
    }

    @Test
    void aBrokenFileFailsTheReloadAndTheOldCertificateIsStillPresented() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        try (BondyServer a = node(0, ports, "127.0.0.1:" + ports[0], clusterCa)) {
            a.start();
            ReloadableTls tls = clusterTls(a);
            X509Certificate first = peerCertificate(ports[0]);
            assertThat(first.getSubjectX500Principal().getName()).isEqualTo("CN=node0");
            assertThat(tls.reloadIfChanged().outcome()).isEqualTo(TlsContext.Outcome.UNCHANGED);

            Path certFile = dir.resolve("node0-tls/cert.pem");
            Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
            TlsContext.Reload broken = tls.reloadIfChanged();
            assertThat(broken.outcome()).isEqualTo(TlsContext.Outcome.FAILED);
            assertThat(broken.error()).startsWith("cluster.tls.certfile: " + certFile);
            assertThat(broken.subject()).isEqualTo("CN=node0");
            assertThat(tls.reloadIfChanged().outcome()).isEqualTo(TlsContext.Outcome.UNCHANGED); // not retried until it changes

            clusterCa.peer("other").writeChain(certFile); // a certificate whose key is not key.pem
            TlsContext.Reload mismatch = tls.reload();
            assertThat(mismatch.outcome()).isEqualTo(TlsContext.Outcome.FAILED);
            assertThat(mismatch.error()).contains("cluster.tls.keyfile").contains("does not match");

            X509Certificate still = peerCertificate(ports[0]);
            assertThat(still.getSerialNumber()).isEqualTo(first.getSerialNumber());
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

    /** Starts both nodes and waits until each sees a view of the two. */
    private static void startAsPair(BondyServer a, BondyServer b) {
        a.start();
        b.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> a.cluster().orElseThrow().membership().members().size() == 2
                && b.cluster().orElseThrow().membership().members().size() == 2);
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

    /** What a new peer connection to {@code port} is shown: a TLS client with a certificate of the cluster CA. */
    private X509Certificate peerCertificate(int port) throws Exception {
        SSLContext client = clusterCa.peer("probe").clientContext(clusterCa.ca());
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /**
     * Whether the node on {@code port} refuses a TLS client: after the handshake the client reads, which
     * takes in what the server sends then (a session ticket, if any, or its refusal of the client's
     * certificate, a TLS 1.3 server's verdict coming after the client's side of the handshake is done);
     * an accepted client times out there, JGroups waiting for it to speak first.
     */
    private static boolean refused(SSLContext client, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(2_000);
            socket.startHandshake();
            socket.getInputStream().read();
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (javax.net.ssl.SSLException e) {
            return true;
        }
    }

    private static ReloadableTls clusterTls(BondyServer node) {
        return node.tlsReloader().contexts().stream().filter(c -> c.listener().equals("cluster.tls")).findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> call(BondyServer node, String procedure) throws Exception {
        Payload reply = node.router().realm("com.leapsight.bondy").orElseThrow().meta()
                .call(procedure, Payload.of(List.of()), Map.of()).get(20, TimeUnit.SECONDS);
        return (List<Map<String, Object>>) ((Payload.Arguments) reply).argsOrEmpty().get(0);
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
