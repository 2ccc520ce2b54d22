package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.message.Payload;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.server.config.ConfigException;
import io.bondy.server.config.ConfigLoader;
import io.bondy.server.config.ServerConfig;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.WebSocketClient;
import io.bondy.transport.tls.TestPki;
import io.bondy.transport.tls.TlsConfig;
import io.bondy.transport.tls.TlsConfigException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on a whole node, configured as an operator would (BONDY_* variables): wss://, RawSocket over TLS
 * and the admin API over HTTPS with one certificate; {@code bondy.tls.reload} swaps it for new
 * connections; an unusable file stops the start with exit code 2 and a message naming the file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsServerTest {

    private static final String MASTER = "com.leapsight.bondy";
    private final TestPki pki = TestPki.create("Bondy node test CA");

    @TempDir
    Path dir;

    @Test
    void theTlsListenersAreOffByDefaultAndEachKeyIsRead() {
        ServerConfig defaults = new ConfigLoader(Map.of()).load(null);
        assertThat(defaults.transport().websocketTls().enabled()).isFalse();
        assertThat(defaults.transport().rawsocketTls().enabled()).isFalse();
        assertThat(defaults.admin().https().enabled()).isFalse();
        assertThat(defaults.transport().rawsocketTls().port()).isEqualTo(18085);

        Map<String, String> env = tlsEnv(pki.server("node.test"));
        env.put("BONDY_WAMP_TLS_VERSIONS", "1.3");
        env.put("BONDY_WAMP_TLS_CIPHERS", "TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256");
        env.put("BONDY_WAMP_TLS_CLIENT_AUTH", "optional");
        env.put("BONDY_WAMP_TLS_CACERTFILE", dir.resolve("ca.pem").toString());
        TlsConfig raw = new ConfigLoader(env).load(null).transport().rawsocketTls().tls();

        assertThat(raw.versions()).containsExactly("1.3");
        assertThat(raw.ciphers()).containsExactly("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
        assertThat(raw.clientAuth()).isEqualTo(TlsConfig.ClientAuth.OPTIONAL);
        assertThat(raw.caCertFile()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(raw.certFile()).isEqualTo(dir.resolve("cert.pem"));
    }

    @Test
    void badTlsKeysAreRefusedByName() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_TLS_ENABLED", "on")).load(null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("wamp.tls.certfile must name a PEM file when wamp.tls.enabled is on");
        Map<String, String> env = tlsEnv(pki.server("node.test"));
        env.put("BONDY_API_GATEWAY_HTTPS_VERSIONS", "1.1,1.2");
        assertThatThrownBy(() -> new ConfigLoader(env).load(null))
                .hasMessageContaining("api_gateway.https.versions may hold 1.2 and 1.3, got 1.1");
        env.remove("BONDY_API_GATEWAY_HTTPS_VERSIONS");
        env.put("BONDY_ADMIN_API_HTTPS_CLIENT_AUTH", "required");
        assertThatThrownBy(() -> new ConfigLoader(env).load(null))
                .hasMessageContaining("admin_api.https.client_auth = required needs admin_api.https.cacertfile");
        env.put("BONDY_ADMIN_API_HTTPS_CLIENT_AUTH", "sometimes");
        assertThatThrownBy(() -> new ConfigLoader(env).load(null))
                .hasMessageContaining("admin_api.https.client_auth must be none, optional or required");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_TLS_PROVIDER", "gnutls")).load(null))
                .hasMessageContaining("tls.provider must be auto, openssl or jdk");
    }

    @Test
    void everyListenerServesTlsAndReloadSwapsTheCertificateForNewConnections() throws Exception {
        try (BondyServer node = new BondyServer(new ConfigLoader(tlsEnv(pki.server("first.node.test"))).load(null))) {
            node.start();
            try (WebSocketClient ws = WebSocketClient.openTls(node.webSocketTlsPort(), SerializerKind.MSGPACK,
                    pki.trustingClient());
                 RawSocketClient raw = rawTls(node)) {
                assertThat(ws.join().session()).isPositive();
                assertThat(raw.join().session()).isPositive();
                assertThat(peer(raw)).isEqualTo("CN=first.node.test");
            }
            HttpClient https = HttpClient.newBuilder().sslContext(pki.trustingClient()).build();
            HttpResponse<String> ping = https.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + node.adminTlsPort() + "/ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));

            try (RawSocketClient before = rawTls(node)) {
                before.join();
                TestPki.Issued second = pki.server("second.node.test");
                second.writeChain(dir.resolve("cert.pem"));
                second.writeKey(dir.resolve("key.pem"));
                Payload reply = node.router().realm(MASTER).orElseThrow().meta()
                        .call("bondy.tls.reload", Payload.of(List.of()), Map.of()).get(20, TimeUnit.SECONDS);

                @SuppressWarnings("unchecked")
                List<Map<String, Object>> results = (List<Map<String, Object>>) ((Payload.Arguments) reply)
                        .argsOrEmpty().get(0);
                assertThat(results).extracting(r -> r.get("listener"))
                        .containsExactlyInAnyOrder("admin_api.https", "api_gateway.https", "wamp.tls");
                assertThat(results).allSatisfy(r -> {
                    assertThat(r).containsEntry("outcome", "reloaded").containsEntry("subject", "CN=second.node.test");
                });
                try (RawSocketClient after = rawTls(node)) {
                    assertThat(peer(after)).isEqualTo("CN=second.node.test");
                    assertThat(after.join().session()).isPositive();
                }
                assertThat(peer(before)).isEqualTo("CN=first.node.test");
                before.send(new io.bondy.core.message.Subscribe(5, Map.of(), "com.example.still.here"));
                assertThat(before.next(io.bondy.core.message.Subscribed.class).requestId()).isEqualTo(5);
            }
        }
    }

    @Test
    void theAdminHttpsListenerClosesStalledHandshakesAndPlainTextAndKeepsServing() throws Exception {
        Map<String, String> env = tlsEnv(pki.server("admin.test"));
        env.put("BONDY_ADMIN_API_HTTP_IDLE_TIMEOUT", "2s");
        try (BondyServer node = new BondyServer(new ConfigLoader(env).load(null))) {
            node.start();
            try (java.net.Socket stalled = new java.net.Socket("127.0.0.1", node.adminTlsPort());
                 java.net.Socket plain = new java.net.Socket("127.0.0.1", node.adminTlsPort())) {
                plain.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII));
                assertClosedWithin(plain, Duration.ofSeconds(5));
                assertClosedWithin(stalled, Duration.ofSeconds(15));
            }
            HttpClient http = HttpClient.newHttpClient();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort()
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains(
                        "bondy_tls_handshake_failures_total{listener=\"admin_https\",reason=\"not_tls\"} 1.0");
                assertThat(metrics).contains(
                        "bondy_connections_timed_out_total{deadline=\"idle\",listener=\"admin_https\"} 1.0");
            });
            HttpClient https = HttpClient.newBuilder().sslContext(pki.trustingClient()).build();
            assertThat(https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.adminTlsPort()
                    + "/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private static void assertClosedWithin(java.net.Socket socket, Duration within) throws java.io.IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            while (socket.getInputStream().read() >= 0) {
                // an alert, or nothing
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("still open after " + within);
        } catch (java.io.IOException e) {
            // reset: closed too
        }
    }

    @Test
    void anUnusableCertificateStopsTheStartNamingTheFile() {
        Instant now = Instant.now();
        Map<String, String> env = tlsEnv(pki.server("old.test", now.minus(Duration.ofDays(9)),
                now.minus(Duration.ofDays(2))));
        ServerConfig config = new ConfigLoader(env).load(null);

        assertThatThrownBy(() -> {
            try (BondyServer node = new BondyServer(config)) {
                node.start();
            }
        }).isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("admin_api.https.certfile: the certificate CN=old.test in "
                        + dir.resolve("cert.pem") + " expired on ");
        assertThat(NodeRunner.run(null, env)).as("exit code of a bad configuration").isEqualTo(2);
    }

    private RawSocketClient rawTls(BondyServer node) {
        return RawSocketClient.open(TestPki.connect(pki.trustingClient(), node.rawSocketTlsPort()),
                SerializerKind.JSON);
    }

    private static String peer(RawSocketClient client) throws Exception {
        return ((X509Certificate) ((SSLSocket) client.socket()).getSession().getPeerCertificates()[0])
                .getSubjectX500Principal().getName();
    }

    /** Every listener on a random port, the three TLS ones on with {@code server}'s files. */
    private Map<String, String> tlsEnv(TestPki.Issued server) {
        server.writeChain(dir.resolve("cert.pem"));
        server.writeKey(dir.resolve("key.pem"));
        pki.writeCa(dir.resolve("ca.pem"));
        Map<String, String> env = new HashMap<>(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0", "BONDY_WAMP_TCP_PORT", "0",
                "BONDY_ADMIN_API_HTTP_PORT", "0", "BONDY_PLATFORM_DATA_DIR", dir.resolve("data").toString(),
                "BONDY_TLS_RELOAD_INTERVAL", "0s"));
        for (String prefix : new String[] {"API_GATEWAY_HTTPS", "WAMP_TLS", "ADMIN_API_HTTPS"}) {
            env.put("BONDY_" + prefix + "_ENABLED", "on");
            env.put("BONDY_" + prefix + "_PORT", "0");
            env.put("BONDY_" + prefix + "_CERTFILE", dir.resolve("cert.pem").toString());
            env.put("BONDY_" + prefix + "_KEYFILE", dir.resolve("key.pem").toString());
        }
        return env;
    }
}
