package io.bondy.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.CountingMetrics;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.WebSocketClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a TLS port does with clients that do not speak TLS properly, on both providers: plain text (a
 * RawSocket frame, an HTTP request) is closed as soon as five bytes show it is not TLS and counted
 * {@code not_tls} (a RawSocket client's 4-octet handshake alone waits for the deadline); a handshake that
 * never completes is closed by the listener's handshake deadline and counted as timed out; the node
 * keeps serving TLS clients throughout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsHandshakeFailureTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(3);
    private final TestPki pki = TestPki.create("Bondy handshake failure CA");

    @ParameterizedTest
    @EnumSource(value = TlsProviders.Choice.class, names = {"OPENSSL", "JDK"})
    void plainTextToATlsPortIsClosedAndCounted(TlsProviders.Choice provider) throws Exception {
        CountingMetrics metrics = new CountingMetrics();
        try (RunningServer server = TlsTestServers.start(TlsTestServers.files(pki, "plain.test").config("wamp.tls"),
                provider, HANDSHAKE, metrics)) {
            // a RawSocket client's handshake and its HELLO frame header: 5 bytes are enough to tell it is not TLS
            try (Socket raw = new Socket("127.0.0.1", server.server().rawSocketTlsPort())) {
                raw.getOutputStream().write(new byte[] {0x7F, (byte) 0xF1, 0, 0, 0, 0, 0, 20});
                assertClosedWithin(raw, Duration.ofSeconds(5));
            }
            // a RawSocket client that sends its 4 octets and waits for the answer: the handshake deadline
            try (Socket raw = new Socket("127.0.0.1", server.server().rawSocketTlsPort())) {
                raw.getOutputStream().write(new byte[] {0x7F, (byte) 0xF1, 0, 0});
                assertClosedWithin(raw, Duration.ofSeconds(10));
            }
            try (Socket http = new Socket("127.0.0.1", server.server().webSocketTlsPort())) {
                http.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertClosedWithin(http, Duration.ofSeconds(5));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(metrics.count("rawsocket_tls/tls_not_tls")).isEqualTo(1);
                assertThat(metrics.count("rawsocket_tls/handshake")).isEqualTo(1);
                assertThat(metrics.count("websocket_tls/tls_not_tls")).isEqualTo(1);
            });
            assertStillServes(server);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProviders.Choice.class, names = {"OPENSSL", "JDK"})
    void aHandshakeThatNeverCompletesIsClosedAtTheDeadline(TlsProviders.Choice provider) throws Exception {
        CountingMetrics metrics = new CountingMetrics();
        try (RunningServer server = TlsTestServers.start(TlsTestServers.files(pki, "slow.test").config("wamp.tls"),
                provider, HANDSHAKE, metrics)) {
            // the first bytes of a TLS record header (a ClientHello announced but never sent), then nothing
            try (Socket slow = new Socket("127.0.0.1", server.server().webSocketTlsPort());
                 Socket silent = new Socket("127.0.0.1", server.server().rawSocketTlsPort())) {
                slow.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
                long start = System.nanoTime();
                assertClosedWithin(slow, Duration.ofSeconds(10));
                assertClosedWithin(silent, Duration.ofSeconds(10));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
                        HANDSHAKE.minusMillis(200));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(metrics.count("websocket_tls/handshake")).isEqualTo(1);
                assertThat(metrics.count("rawsocket_tls/handshake")).isEqualTo(1);
            });
            assertStillServes(server);
        }
    }

    private void assertStillServes(RunningServer server) {
        javax.net.ssl.SSLContext client = pki.trustingClient();
        try (RawSocketClient raw = RawSocketClient.open(TestPki.connect(client,
                server.server().rawSocketTlsPort()), SerializerKind.CBOR);
             WebSocketClient ws = WebSocketClient.openTls(server.server().webSocketTlsPort(), SerializerKind.JSON,
                     client)) {
            assertThat(raw.join().session()).isPositive();
            assertThat(ws.join().session()).isPositive();
        }
    }

    /** Reads until the server closes (EOF or reset); fails if it is still open after {@code within}. */
    static void assertClosedWithin(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an alert or nothing; the server closes
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after " + within);
        } catch (IOException e) {
            // reset: closed as well
        }
    }
}
