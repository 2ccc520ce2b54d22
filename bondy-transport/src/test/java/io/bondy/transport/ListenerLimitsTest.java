package io.bondy.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.CountingMetrics;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WebSocketClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-listener limits over real sockets (issue 18): the connection cap refuses the connection past it
 * with a clear answer (HTTP 503 and a JSON body on the WebSocket port, the RawSocket handshake error 4),
 * a half-sent HTTP request gets 408 at the request timeout, and a body over the limit gets a 413 that
 * closes the connection.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerLimitsTest {

    private static final int CAP = 2;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    private final CountingMetrics metrics = new CountingMetrics();
    private final RunningServer server = start();
    private final List<AutoCloseable> open = new ArrayList<>();

    private RunningServer start() {
        TransportConfig std = TestConfigs.standard();
        WebSocketConfig ws = std.websocket();
        RawSocketConfig raw = std.rawsocket();
        TransportConfig capped = new TransportConfig(
                new WebSocketConfig(true, ws.host(), 0, ws.path(), ws.maxFrameSize(), Duration.ofSeconds(10),
                        Duration.ofSeconds(60), REQUEST_TIMEOUT, CAP),
                new RawSocketConfig(true, raw.host(), 0, raw.maxMessageLength(), Duration.ofSeconds(10),
                        Duration.ofSeconds(60), CAP),
                2, true, std.outboundHighWaterMark(), std.maxOutboundBytes());
        return new RunningServer(capped, Router.development(), metrics);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close();
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @Test
    void theRawSocketConnectionPastTheCapGetsHandshakeError4() {
        RawSocketClient first = keep(RawSocketClient.open(server.rawSocketPort(), SerializerKind.JSON));
        keep(RawSocketClient.open(server.rawSocketPort(), SerializerKind.JSON));

        try (RawSocketClient third = RawSocketClient.connect(server.rawSocketPort())) {
            byte[] reply = third.handshake(15, SerializerKind.JSON.rawSocketId());
            assertThat(reply).containsExactly(0x7F, 0x40, 0, 0); // error 4: maximum connection count reached
            assertThat(third.awaitClosed()).isTrue();
        }
        assertThat(metrics.count("rawsocket/refused")).isEqualTo(1);

        first.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (RawSocketClient again = RawSocketClient.connect(server.rawSocketPort())) {
                assertThat(again.handshake(15, SerializerKind.JSON.rawSocketId())[1] & 0x0F)
                        .as("a place is free again").isEqualTo(SerializerKind.JSON.rawSocketId());
            }
        });
    }

    @Test
    void theWebSocketConnectionPastTheCapGets503WithAJsonBody() {
        keep(WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)).join();
        keep(WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)).join();

        RawHttp.Reply refused = RawHttp.request(server.webSocketPort(), RawHttp.upgrade("/ws",
                "Sec-WebSocket-Protocol: wamp.2.json\r\n"));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.head().toLowerCase(Locale.ROOT)).contains("connection: close")
                .contains("content-type: application/json");
        assertThat(refused.body()).contains("\"error\":\"bondy.error.unavailable\"")
                .contains("api_gateway.http.max_connections = 2");
        assertThat(metrics.count("websocket/refused")).isEqualTo(1);
        assertThat(metrics.count("rawsocket/refused")).as("each listener has its own cap").isZero();
    }

    @Test
    void aHalfSentHttpRequestGets408AtTheRequestTimeoutAndIsClosed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.webSocketPort())) {
            socket.setSoTimeout(5000);
            long start = System.nanoTime();
            socket.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: web"
                    .getBytes(StandardCharsets.US_ASCII));

            String response = readUntilClosed(socket.getInputStream());
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(response).startsWith("HTTP/1.1 408");
            assertThat(response.toLowerCase(Locale.ROOT)).contains("connection: close");
            assertThat(response).contains("\"error\":\"bondy.error.request_timeout\"");
            assertThat(waited).isGreaterThanOrEqualTo(REQUEST_TIMEOUT.toMillis() - 100).isLessThan(5000);
        }
        assertThat(metrics.count("websocket/request")).isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitGets413WithConnectionCloseAndTheSocketCloses() {
        RawHttp.Reply tooLarge = RawHttp.request(server.webSocketPort(), "POST /oauth/token HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
                + "grant_type=password&username=a&password=".repeat(10));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.head().toLowerCase(Locale.ROOT)).contains("connection: close");
        assertThat(tooLarge.body()).contains("\"error\":\"bondy.error.payload_too_large\"");
    }

    @Test
    void anExpectContinueRequestAnnouncingTooLargeABodyGets413AndIsClosed() {
        RawHttp.Reply tooLarge = RawHttp.request(server.webSocketPort(), "POST /oauth/token HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n");

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.head().toLowerCase(Locale.ROOT)).contains("connection: close");
        assertThat(tooLarge.body()).contains("bondy.error.payload_too_large");
    }

    @Test
    void anUpgradedSessionOutlivesTheHttpRequestTimeout() throws IOException {
        WebSocketClient client = keep(WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON));
        client.join();

        // The barrier instead of a sleep: a request started after the upgrade times out after the upgrade's.
        try (Socket later = new Socket("127.0.0.1", server.webSocketPort())) {
            later.setSoTimeout(5000);
            later.getOutputStream().write("GET /ws HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(later.getInputStream())).startsWith("HTTP/1.1 408");
        }
        client.send(new Subscribe(1, Map.of(), "com.example.topic"));
        assertThat(client.next(Subscribed.class).requestId()).isEqualTo(1);
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
