package io.bondy.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Hello;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.RawWsConnection;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WsFrames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * permessage-deflate (RFC 7692, {@code wamp.websocket.compression_enabled}): negotiated when the client
 * offers it, compressed messages both ways; a compressed message that inflates past the maximum message
 * size (a compression bomb: 20 MiB of zeros in ~20 KiB) closes the connection with 1009 without inflating
 * it; with compression off the offer is ignored and a compressed frame is a protocol error (1002).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketCompressionTest {

    private static final String OFFER = "Sec-WebSocket-Protocol: wamp.2.json\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

    @Test
    void compressedMessagesFlowBothWaysWhenNegotiated() throws Exception {
        try (RunningServer server = new RunningServer(compressed(true));
             RawWsConnection ws = RawWsConnection.request(server.webSocketPort(), SerializerKind.JSON,
                     RawHttp.upgrade(TestConfigs.PATH, OFFER))) {
            assertThat(ws.handshakeResponse()).startsWith("HTTP/1.1 101")
                    .containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
            byte[] hello = Serializers.of(SerializerKind.JSON).encode(new Hello("realm1",
                    Map.of("roles", Map.of("caller", Map.of()))));
            ws.send(WsFrames.client(true, 4, WsFrames.TEXT, deflate(hello), true, WsFrames.Length.MINIMAL));

            WsFrames.Frame reply = ws.next();
            assertThat(reply.rsv() & 4).as("the WELCOME is compressed (RSV1)").isEqualTo(4);
            byte[] welcome = inflate(reply.payload());
            assertThat(Serializers.of(SerializerKind.JSON).decode(welcome)).isInstanceOf(Welcome.class);
        }
    }

    @Test
    void aCompressionBombClosesWith1009() throws Exception {
        try (RunningServer server = new RunningServer(compressed(true));
             RawWsConnection ws = RawWsConnection.request(server.webSocketPort(), SerializerKind.JSON,
                     RawHttp.upgrade(TestConfigs.PATH, OFFER))) {
            assertThat(ws.handshakeResponse()).startsWith("HTTP/1.1 101");
            byte[] bomb = deflate(new byte[20 << 20]);
            assertThat(bomb.length).as("small on the wire").isLessThan(TestConfigs.MAX_MESSAGE);
            ws.send(WsFrames.client(true, 4, WsFrames.TEXT, bomb, true, WsFrames.Length.MINIMAL));

            WsFrames.Frame close = ws.next();
            assertThat(close.isClose()).isTrue();
            assertThat(((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF)).isEqualTo(1009);
            assertThat(ws.awaitEnd()).isTrue();
        }
    }

    @Test
    void withCompressionOffTheOfferIsIgnoredAndACompressedFrameIsRefused() throws Exception {
        try (RunningServer server = new RunningServer(compressed(false));
             RawWsConnection ws = RawWsConnection.request(server.webSocketPort(), SerializerKind.JSON,
                     RawHttp.upgrade(TestConfigs.PATH, OFFER))) {
            assertThat(ws.handshakeResponse()).startsWith("HTTP/1.1 101")
                    .doesNotContainIgnoringCase("sec-websocket-extensions");
            ws.send(WsFrames.client(true, 4, WsFrames.TEXT, deflate("[1]".getBytes(StandardCharsets.UTF_8)), true,
                    WsFrames.Length.MINIMAL));
            WsFrames.Frame close = ws.next();
            assertThat(close.isClose()).isTrue();
            assertThat(((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF)).isEqualTo(1002);
        }
    }

    private static TransportConfig compressed(boolean on) {
        TransportConfig base = TestConfigs.with(Duration.ofSeconds(10), Duration.ofSeconds(60));
        return new TransportConfig(base.websocket().withCompression(on), base.rawsocket(), base.ioThreads(),
                base.preferNativeTransport(), base.outboundHighWaterMark(), base.maxOutboundBytes());
    }

    /** RFC 7692: raw DEFLATE, sync-flushed, without the trailing 00 00 FF FF. */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    static byte[] inflate(byte[] data) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] withTail = Arrays.copyOf(data, data.length + 4);
        withTail[data.length + 2] = (byte) 0xFF;
        withTail[data.length + 3] = (byte) 0xFF;
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = inflater.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
