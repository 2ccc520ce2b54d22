package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.Hello;
import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.security.SecuritySettings;
import io.bondy.server.config.ConfigLoader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 3, on the wired node: clients that get a CHALLENGE for {@code admin} and never
 * answer hold no connection past the handshake timeout, cannot take more than the listener's cap
 * meanwhile, and are counted in {@code /metrics}.
 */
@Timeout(60)
class StuckHandshakeTest {

    private static final Serializer JSON = Serializers.of(SerializerKind.JSON);

    @TempDir
    Path dataDir;

    @Test
    void clientsStuckInAuthenticationAreAbortedAtTheDeadlineAndCappedMeanwhile() throws Exception {
        try (BondyServer server = new BondyServer(new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0",
                "BONDY_WAMP_TCP_PORT", "0", "BONDY_ADMIN_API_HTTP_PORT", "0",
                "BONDY_PLATFORM_DATA_DIR", dataDir.toString(), "BONDY_ADMIN_PASSWORD", "admin-password-1",
                "BONDY_WAMP_TCP_HANDSHAKE_TIMEOUT", "3s", "BONDY_WAMP_TCP_MAX_CONNECTIONS", "3")).load(null))) {
            server.start();
            List<Socket> stuck = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = open(server.rawSocketPort(), true);
                    send(s, new Hello(SecuritySettings.MASTER_REALM, Map.of("roles", Map.of("caller", Map.of()),
                            "authmethods", List.of("wampcra"), "authid", "admin")));
                    assertThat(receive(s)).isInstanceOf(Challenge.class);
                    stuck.add(s);
                }

                try (Socket refused = open(server.rawSocketPort(), false)) {
                    assertThat(new DataInputStream(refused.getInputStream()).readNBytes(4))
                            .as("handshake error 4: maximum connection count reached")
                            .containsExactly(0x7F, 0x40, 0, 0);
                }

                for (Socket s : stuck) {
                    WampMessage last = receive(s);
                    assertThat(last).isInstanceOfSatisfying(Abort.class,
                            a -> assertThat(a.reason()).isEqualTo(WampErrors.TIMEOUT));
                    assertThat(s.getInputStream().read()).as("closed after the ABORT").isEqualTo(-1);
                }
            } finally {
                for (Socket s : stuck) {
                    s.close();
                }
            }

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .containsPattern("bondy_connections_timed_out_total\\{deadline=\"handshake\",listener=\"rawsocket\"[^}]*} 3\\.0")
                    .containsPattern("bondy_connections_refused_total\\{listener=\"rawsocket\"[^}]*} 1\\.0");
        }
    }

    /** A RawSocket connection; with {@code handshake}, its JSON handshake sent and answered. */
    private static Socket open(int port, boolean handshake) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(new byte[] {0x7F, (byte) 0xF1, 0, 0});
        if (handshake) {
            byte[] reply = new DataInputStream(s.getInputStream()).readNBytes(4);
            assertThat(reply[1] & 0x0F).isEqualTo(1);
        }
        return s;
    }

    private static void send(Socket s, WampMessage m) throws IOException {
        byte[] bytes = JSON.encode(m);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    private static WampMessage receive(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int header = in.readInt();
        return JSON.decode(in.readNBytes(header & 0xFFFFFF));
    }
}
