package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Abort;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.server.config.ConfigLoader;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.WebSocketClient;
import io.bondy.transport.tls.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates: RawSocket over TLS asks for one ({@code client_auth = optional}), wss:// requires
 * one ({@code required}); the {@code tls} authmethod takes the authid from the certificate's CN and
 * checks it against the realm's users and sources. A certificate of another CA, an expired one, or
 * none where one is required ends the TLS handshake, counted in {@code bondy_tls_handshake_failures_total}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsClientAuthTest {

    private static final String REALM = "com.example.devices";
    private final TestPki pki = TestPki.create("Bondy devices CA");
    /** An impostor CA of the same name (a client only offers certificates of the CAs the server names). */
    private final TestPki foreign = TestPki.create("Bondy devices CA");
    private final TestPki.Issued device = pki.client("device-1");
    private BondyServer node;

    private Path dir;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        dir = tmp;
        TestPki.Issued server = pki.server("router.test");
        server.writeChain(dir.resolve("cert.pem"));
        server.writeKey(dir.resolve("key.pem"));
        pki.writeCa(dir.resolve("ca.pem"));
        Files.writeString(dir.resolve("security.json"), """
                [{"uri": "%s", "authmethods": ["tls", "ticket"], "security_enabled": true,
                  "users": [{"username": "device-1"}, {"username": "device-2"}],
                  "sources": [{"usernames": ["device-1"], "authmethod": "tls", "cidr": "127.0.0.0/8"},
                              {"usernames": ["device-2"], "authmethod": "tls", "cidr": "10.0.0.0/8"}]}]
                """.formatted(REALM));
        Map<String, String> env = new HashMap<>(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0", "BONDY_WAMP_TCP_PORT",
                "0", "BONDY_ADMIN_API_HTTP_PORT", "0", "BONDY_PLATFORM_DATA_DIR", dir.resolve("data").toString(),
                "BONDY_SECURITY_CONFIG_FILE", dir.resolve("security.json").toString()));
        for (String prefix : new String[] {"API_GATEWAY_HTTPS", "WAMP_TLS"}) {
            env.put("BONDY_" + prefix + "_ENABLED", "on");
            env.put("BONDY_" + prefix + "_PORT", "0");
            env.put("BONDY_" + prefix + "_CERTFILE", dir.resolve("cert.pem").toString());
            env.put("BONDY_" + prefix + "_KEYFILE", dir.resolve("key.pem").toString());
            env.put("BONDY_" + prefix + "_CACERTFILE", dir.resolve("ca.pem").toString());
        }
        env.put("BONDY_WAMP_TLS_CLIENT_AUTH", "optional");
        env.put("BONDY_API_GATEWAY_HTTPS_CLIENT_AUTH", "required");
        node = new BondyServer(new ConfigLoader(env).load(null));
        node.start();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void theTlsAuthmethodTakesTheAuthidFromTheCertificate() {
        try (RawSocketClient client = raw(device.clientContext(pki.ca()))) {
            client.send(new Hello(REALM, Map.of("roles", Map.of("caller", Map.of()), "authmethods", List.of("tls"))));
            Welcome welcome = client.next(Welcome.class);

            assertThat(welcome.details()).containsEntry("authid", "device-1").containsEntry("authmethod", "tls");
            assertThat(welcome.details().get("authextra")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("subject", "CN=device-1");
        }
        try (WebSocketClient ws = WebSocketClient.openTls(node.webSocketTlsPort(), SerializerKind.CBOR,
                device.clientContext(pki.ca()))) {
            ws.send(new Hello(REALM, Map.of("roles", Map.of("caller", Map.of()), "authid", "device-1",
                    "authmethods", List.of("tls"))));
            assertThat(ws.next(Welcome.class).details()).containsEntry("authid", "device-1");
        }
    }

    @Test
    void anotherAuthidNoCertificateAnUnknownUserOrAWrongSourceIsRefused() {
        assertRefused(device.clientContext(pki.ca()), "device-9");
        assertRefused(pki.trustingClient(), null); // optional: no certificate, so no tls identity
        assertRefused(pki.client("stranger").clientContext(pki.ca()), null); // signed by the CA, but no such user
        assertRefused(pki.client("device-2").clientContext(pki.ca()), null); // its source is 10.0.0.0/8 only
    }

    @Test
    void aForeignExpiredOrMissingClientCertificateEndsTheHandshake() throws Exception {
        assertHandshakeRefused(foreign.client("device-1").clientContext(pki.ca()), node.rawSocketTlsPort());
        assertHandshakeRefused(pki.expiredClient("device-1").clientContext(pki.ca()), node.webSocketTlsPort());
        assertHandshakeRefused(pki.trustingClient(), node.webSocketTlsPort()); // required, none given

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = scrape();
            assertThat(metrics).contains("bondy_tls_handshake_failures_total{listener=\"rawsocket_tls\",reason=\"certificate\"} 1.0");
            assertThat(metrics).contains("bondy_tls_handshake_failures_total{listener=\"websocket_tls\",reason=\"certificate_expired\"} 1.0");
            assertThat(metrics).contains("bondy_tls_handshake_failures_total{listener=\"websocket_tls\",reason=\"certificate\"} 1.0");
        });
        try (RawSocketClient client = raw(device.clientContext(pki.ca()))) {
            client.send(new Hello(REALM, Map.of("roles", Map.of("caller", Map.of()), "authmethods", List.of("tls"))));
            assertThat(client.next(Welcome.class).details()).as("the node keeps serving").containsEntry("authid",
                    "device-1");
        }
    }

    @Test
    void theAuthidMayComeFromADnsSubjectAlternativeName() throws IOException {
        Path other = dir.resolve("san");
        Files.createDirectories(other);
        Files.writeString(other.resolve("security.json"), """
                [{"uri": "%s", "authmethods": ["tls"], "security_enabled": true,
                  "users": [{"username": "gateway-7.devices.example"}],
                  "sources": [{"usernames": ["gateway-7.devices.example"], "authmethod": "tls", "cidr": "127.0.0.0/8"}]}]
                """.formatted(REALM));
        Map<String, String> env = new HashMap<>(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0", "BONDY_WAMP_TCP_PORT",
                "0", "BONDY_ADMIN_API_HTTP_ENABLED", "off", "BONDY_PLATFORM_DATA_DIR", other.resolve("data").toString(),
                "BONDY_SECURITY_CONFIG_FILE", other.resolve("security.json").toString(),
                "BONDY_SECURITY_TLS_AUTHID_FROM", "dns", "BONDY_WAMP_TLS_ENABLED", "on", "BONDY_WAMP_TLS_PORT", "0",
                "BONDY_WAMP_TLS_CLIENT_AUTH", "required"));
        env.put("BONDY_WAMP_TLS_CERTFILE", dir.resolve("cert.pem").toString());
        env.put("BONDY_WAMP_TLS_KEYFILE", dir.resolve("key.pem").toString());
        env.put("BONDY_WAMP_TLS_CACERTFILE", dir.resolve("ca.pem").toString());
        try (BondyServer sanNode = new BondyServer(new ConfigLoader(env).load(null))) {
            sanNode.start();
            SSLContext gateway = pki.client("Gateway Seven", "gateway-7.devices.example").clientContext(pki.ca());
            try (RawSocketClient client = RawSocketClient.open(TestPki.connect(gateway, sanNode.rawSocketTlsPort()),
                    SerializerKind.MSGPACK)) {
                client.send(new Hello(REALM, Map.of("roles", Map.of("callee", Map.of()),
                        "authmethods", List.of("tls"))));
                assertThat(client.next(Welcome.class).details()).containsEntry("authid", "gateway-7.devices.example");
            }
            // its CN is no user's, and a certificate without a DNS name names no one
            try (RawSocketClient client = RawSocketClient.open(TestPki.connect(device.clientContext(pki.ca()),
                    sanNode.rawSocketTlsPort()), SerializerKind.MSGPACK)) {
                client.send(new Hello(REALM, Map.of("roles", Map.of("callee", Map.of()),
                        "authmethods", List.of("tls"))));
                assertThat(client.next(Abort.class).reason()).isEqualTo("wamp.error.authentication_failed");
            }
        }
    }

    private void assertRefused(SSLContext context, String authid) {
        try (RawSocketClient client = raw(context)) {
            Map<String, Object> details = new HashMap<>(Map.of("roles", Map.of("caller", Map.of()),
                    "authmethods", List.of("tls")));
            if (authid != null) {
                details.put("authid", authid);
            }
            client.send(new Hello(REALM, details));
            assertThat(client.next(Abort.class).reason()).isEqualTo("wamp.error.authentication_failed");
        }
    }

    /** The TLS handshake fails: in TLS 1.3 the client learns it at its first read, as an alert or a close. */
    private static void assertHandshakeRefused(SSLContext context, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            socket.getOutputStream().write(new byte[] {0x7F, (byte) 0xF1, 0, 0});
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("no byte after a refused handshake").isEqualTo(-1);
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            // the alert or a reset: refused
        }
    }

    private RawSocketClient raw(SSLContext context) {
        return RawSocketClient.open(TestPki.connect(context, node.rawSocketTlsPort()), SerializerKind.JSON);
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
