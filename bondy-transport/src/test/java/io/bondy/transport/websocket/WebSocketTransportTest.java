package io.bondy.transport.websocket;

import static io.bondy.transport.support.WampAssertions.assertAbortedForProtocolViolation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.contract.TransportContractSuite;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.RawWebSocket;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WebSocketClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * WAMP over a real WebSocket connection, driven by the JDK's WebSocket client: the
 * {@link TransportContractSuite} (a WAMP message is one text frame for JSON, one binary frame
 * otherwise; pings are WebSocket pings), then what only WebSocket has: subprotocol negotiation,
 * plain HTTP on the endpoint, continuation frames, frame types per serializer and close code 1009.
 */
class WebSocketTransportTest extends TransportContractSuite<WebSocketClient> {

    WebSocketTransportTest() {
        super(SerializerKind.MSGPACK);
    }

    @Override
    protected WebSocketClient open(RunningServer server, SerializerKind kind) {
        return WebSocketClient.open(server.webSocketPort(), kind);
    }

    @Override
    protected void sendMessageBytes(WebSocketClient client, SerializerKind kind, byte[] bytes) {
        if (kind.binary()) {
            client.sendBinary(bytes);
        } else {
            client.sendText(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @Override
    protected byte[] ping(WebSocketClient client, byte[] payload) {
        client.sendPing(payload);
        return client.nextPong();
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
        try (WebSocketClient client = open(SerializerKind.JSON)) {
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

        RawHttp.Reply reply = RawHttp.request(server().webSocketPort(), RawHttp.upgrade("/ws", ""));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("No WebSocket subprotocol requested")
                .contains("wamp.2.json,wamp.2.msgpack,wamp.2.cbor");
        assertRouterStillServes();
    }

    @Test
    void upgradeWithUnknownSubprotocolIsRefusedWithBadRequest() {
        RawHttp.Reply reply = RawHttp.request(server().webSocketPort(),
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

    @Test
    void binaryFrameOnAJsonSessionIsAbortedAsProtocolViolation() {
        try (WebSocketClient client = open(SerializerKind.JSON)) {
            client.sendBinary("[1,\"realm1\",{}]".getBytes(StandardCharsets.UTF_8));

            assertThat(assertAbortedForProtocolViolation(client).details().get("message").toString())
                    .contains("binary frame");
        }
        assertRouterStillServes();
    }

    @Test
    void textFrameOnAMsgpackSessionIsAbortedAsProtocolViolation() {
        try (WebSocketClient client = open(SerializerKind.MSGPACK)) {
            client.sendText("[1,\"realm1\",{}]");

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes();
    }

    @Test
    void messageLongerThanTheMaximumClosesWithMessageTooBig() {
        try (WebSocketClient client = open(SerializerKind.JSON)) {
            client.join();
            client.sendText("[16, 1, {}, \"com.example\", [\"" + "x".repeat(TestConfigs.MAX_MESSAGE) + "\"]]");

            assertThat(client.closeCode()).isEqualTo(1009);
        }
        assertRouterStillServes();
    }

    @Test
    void singleFrameLongerThanTheMaximumClosesWithMessageTooBig() {
        assertThat(RawWebSocket.closeCodeAfterAnnouncingFrameOf(server().webSocketPort(), TestConfigs.MAX_MESSAGE + 1))
                .isEqualTo(1009);
        assertRouterStillServes();
    }

    @Test
    void fragmentedMessageGrowingPastTheMaximumClosesWithMessageTooBig() {
        try (WebSocketClient client = open(SerializerKind.JSON)) {
            client.join();
            String half = "x".repeat(TestConfigs.MAX_MESSAGE / 2 + 10);
            client.sendText("[16, 1, {}, \"com.example\", [\"" + half, false);
            client.sendText(half + "\"]]", true);

            assertThat(client.closeCode()).isEqualTo(1009);
        }
        assertRouterStillServes();
    }

    private URI endpoint() {
        return URI.create("ws://127.0.0.1:" + server().webSocketPort() + "/ws");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server().webSocketPort() + path)).timeout(java.time.Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
