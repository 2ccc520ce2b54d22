package io.bondy.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class WebSocketUpgradeFilterTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new WebSocketUpgradeFilter("/ws"));

    @AfterEach
    void releaseEverything() {
        channel.finishAndReleaseAll();
    }

    @Test
    void wampUpgradeIsPassedOnUntouched() {
        FullHttpRequest request = upgrade("/ws?token=1", "wamp.2.json");
        channel.writeInbound(request);

        FullHttpRequest passed = channel.readInbound();
        assertThat(passed).isSameAs(request);
        assertThat(channel.<Object>readOutbound()).isNull();
        passed.release();
    }

    @Test
    void requestForAnotherPathIsNotFound() {
        FullHttpRequest request = upgrade("/other", "wamp.2.json");
        channel.writeInbound(request);

        assertRefused(404, "Not found: /other");
        assertThat(request.refCnt()).isZero();
    }

    @Test
    void plainGetOfTheEndpointIsUpgradeRequired() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        channel.writeInbound(request);

        String upgradeHeader = assertRefused(426, "connect with a WebSocket client");
        assertThat(upgradeHeader).isEqualTo("websocket");
        assertThat(request.refCnt()).isZero();
    }

    @Test
    void postToTheEndpointIsMethodNotAllowed() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/ws"));

        assertRefused(405, "only GET");
    }

    @Test
    void upgradeWithoutSubprotocolIsBadRequestNamingTheSupportedOnes() {
        channel.writeInbound(upgrade("/ws", null));

        assertRefused(400, "No WebSocket subprotocol requested. This router speaks "
                + "wamp.2.json,wamp.2.msgpack,wamp.2.cbor");
    }

    @Test
    void upgradeWithOnlyUnknownSubprotocolsIsBadRequest() {
        channel.writeInbound(upgrade("/ws", "mqtt, wamp.2.ubjson"));

        assertRefused(400, "[mqtt, wamp.2.ubjson] is supported");
    }

    @Test
    void firstSupportedSubprotocolInTheClientsOrderIsChosen() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "wamp.2.ubjson, wamp.2.cbor")
                .add(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "wamp.2.json");

        assertThat(Subprotocols.offered(headers)).containsExactly("wamp.2.ubjson", "wamp.2.cbor", "wamp.2.json");
        assertThat(Subprotocols.select(Subprotocols.offered(headers))).contains(SerializerKind.CBOR);
        assertThat(Subprotocols.select(List.of())).isEmpty();
    }

    /** Checks the refusal and the close; returns the response's Upgrade header. */
    private String assertRefused(int status, String bodyPart) {
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(status);
            assertThat(response.content().toString(StandardCharsets.UTF_8)).contains(bodyPart);
            assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
            assertThat(channel.isOpen()).isFalse();
            assertThat(channel.<Object>readInbound()).isNull();
            return response.headers().get(HttpHeaderNames.UPGRADE);
        } finally {
            response.release();
        }
    }

    private static FullHttpRequest upgrade(String uri, String subprotocols) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        request.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade");
        if (subprotocols != null) {
            request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocols);
        }
        return request;
    }
}
