package io.bondy.transport.websocket;

import static io.bondy.transport.support.WampAssertions.assertAbortedForProtocolViolation;
import static io.bondy.transport.support.WampAssertions.assertRouterStillServes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.RawWebSocket;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WampTestClient;
import io.bondy.transport.support.WebSocketClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** WAMP over a real WebSocket connection, driven by the JDK's WebSocket client. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebSocketTransportTest {

    private static RunningServer server;
    private WampTestClient bystander;

    @BeforeAll
    static void startServer() {
        server = RunningServer.standard();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void openBystander() {
        bystander = WebSocketClient.open(server.webSocketPort(), SerializerKind.MSGPACK);
        bystander.join();
    }

    @AfterEach
    void closeBystander() {
        bystander.close();
    }

    @ParameterizedTest
    @EnumSource(SerializerKind.class)
    void helloGetsWelcomeOverEverySubprotocol(SerializerKind kind) {
        try (WampTestClient client = WebSocketClient.open(server.webSocketPort(), kind)) {
            Welcome welcome = client.join();

            assertThat(welcome.session()).isPositive();
            assertThat(welcome.details()).containsEntry("realm", "realm1");
        }
    }

    @Test
    void serverPicksTheClientsFirstSupportedSubprotocol() throws Exception {
        WebSocket socket = WebSocketClient.builder().subprotocols("wamp.2.ubjson", "wamp.2.cbor", "wamp.2.json")
                .buildAsync(endpoint(), new WebSocket.Listener() { }).get(5, TimeUnit.SECONDS);

        assertThat(socket.getSubprotocol()).isEqualTo("wamp.2.cbor");
        socket.abort();
    }

    @Test
    void helloSplitOverContinuationFramesIsReassembled() {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            client.sendText("[1,\"realm1\",", false);
            client.sendText("{\"roles\":{\"caller\":{}}}]", true);

            assertThat(client.next()).isInstanceOf(Welcome.class);
        }
    }

    @Test
    void upgradeWithoutSubprotocolIsRefusedWithBadRequest() {
        assertThatThrownBy(() -> WebSocketClient.builder().buildAsync(endpoint(), new WebSocket.Listener() { })
                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(400));

        RawHttp.Reply reply = RawHttp.request(server.webSocketPort(), RawHttp.upgrade("/ws", ""));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("No WebSocket subprotocol requested")
                .contains("wamp.2.json,wamp.2.msgpack,wamp.2.cbor");
        assertRouterStillServes(server, bystander);
    }

    @Test
    void upgradeWithUnknownSubprotocolIsRefusedWithBadRequest() {
        RawHttp.Reply reply = RawHttp.request(server.webSocketPort(),
                RawHttp.upgrade("/ws", "Sec-WebSocket-Protocol: wamp.2.ubjson\r\n"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("[wamp.2.ubjson]").contains("wamp.2.json,wamp.2.msgpack,wamp.2.cbor");
        assertThat(reply.head()).doesNotContainIgnoringCase("Sec-WebSocket-Accept");
    }

    @Test
    void plainGetOfAnotherPathIsNotFound() throws Exception {
        HttpResponse<String> response = get("/index.html");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("Not found: /index.html").contains("/ws");
    }

    @Test
    void plainGetOfTheEndpointAsksForAnUpgrade() throws Exception {
        HttpResponse<String> response = get("/ws");

        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.body()).contains("WebSocket").contains("wamp.2.json");
    }

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of(SerializerKind.JSON, "[1, \"realm1\", {".getBytes()),
                Arguments.of(SerializerKind.JSON, "{\"not\": \"an array\"}".getBytes()),
                Arguments.of(SerializerKind.MSGPACK, new byte[] {(byte) 0xC1}),
                Arguments.of(SerializerKind.MSGPACK, new byte[] {(byte) 0x93, 0x01}),
                Arguments.of(SerializerKind.CBOR, new byte[] {(byte) 0x9F, 0x01}),
                Arguments.of(SerializerKind.CBOR, new byte[] {(byte) 0xFF}));
    }

    @ParameterizedTest
    @MethodSource("malformedMessages")
    void malformedMessageIsAbortedAsProtocolViolation(SerializerKind kind, byte[] bytes) {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), kind)) {
            if (kind.binary()) {
                client.sendBinary(bytes);
            } else {
                client.sendText(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void unknownMessageTypeIsAbortedAsProtocolViolation() {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            client.sendText("[999, {}]");

            assertThat(assertAbortedForProtocolViolation(client).details().get("message").toString())
                    .contains("999");
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void messageBeforeHelloIsAbortedAsProtocolViolation() {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), SerializerKind.CBOR)) {
            client.send(new Subscribe(1, Map.of(), "com.example.topic"));

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void secondHelloIsAbortedAsProtocolViolation() {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            client.join();
            client.send(WampTestClient.hello());

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void binaryFrameOnAJsonSessionIsAbortedAsProtocolViolation() {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            client.sendBinary("[1,\"realm1\",{}]".getBytes());

            assertThat(assertAbortedForProtocolViolation(client).details().get("message").toString())
                    .contains("binary frame");
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void textFrameOnAMsgpackSessionIsAbortedAsProtocolViolation() {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), SerializerKind.MSGPACK)) {
            client.sendText("[1,\"realm1\",{}]");

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void messageLongerThanTheMaximumClosesWithMessageTooBig() {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            client.join();
            client.sendText("[16, 1, {}, \"com.example\", [\"" + "x".repeat(TestConfigs.MAX_MESSAGE) + "\"]]");

            assertThat(client.closeCode()).isEqualTo(1009);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void singleFrameLongerThanTheMaximumClosesWithMessageTooBig() {
        assertThat(RawWebSocket.closeCodeAfterAnnouncingFrameOf(server.webSocketPort(), TestConfigs.MAX_MESSAGE + 1))
                .isEqualTo(1009);
        assertRouterStillServes(server, bystander);
    }

    @Test
    void webSocketPingIsAnsweredWithPong() {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            client.sendPing("ping-42".getBytes());

            assertThat(client.nextPong()).isEqualTo("ping-42".getBytes());
        }
    }

    @Test
    void fragmentedMessageGrowingPastTheMaximumClosesWithMessageTooBig() {
        try (WebSocketClient client = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            client.join();
            String half = "x".repeat(TestConfigs.MAX_MESSAGE / 2 + 10);
            client.sendText("[16, 1, {}, \"com.example\", [\"" + half, false);
            client.sendText(half + "\"]]", true);

            assertThat(client.closeCode()).isEqualTo(1009);
        }
        assertRouterStillServes(server, bystander);
    }

    private static URI endpoint() {
        return URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/ws");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.webSocketPort() + path)).timeout(java.time.Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
