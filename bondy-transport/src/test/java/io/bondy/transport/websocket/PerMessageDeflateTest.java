package io.bondy.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Hello;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.RawWsConnection;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WampTestClient;
import io.bondy.transport.support.WsFrames;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * permessage-deflate on a real listener, spoken by a hand-made client (java.util.zip for the deflate
 * stream, {@link WsFrames} for the frames), beside WebSocketCompressionTest: no-context-takeover offers,
 * compressed round trips with context takeover, a single-frame and a fragmented compression bomb against
 * the {@link TestConfigs#MAX_MESSAGE} limit, and RSV1 on a connection that did not negotiate compression.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoLeaks.class)
@Timeout(60)
class PerMessageDeflateTest {

    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final int RSV1 = 4;

    private final Errors errors = new Errors();
    private RunningServer compressing;
    private RunningServer plain;

    @BeforeAll
    void start() {
        compressing = new RunningServer(compressing(), Router.development(), errors);
        plain = RunningServer.standard();
    }

    @AfterAll
    void stop() {
        compressing.close();
        plain.close();
    }

    @Test
    void compressionIsOffByDefault() {
        try (RawWsConnection c = upgrade(plain.webSocketPort(), "permessage-deflate")) {
            assertThat(c.handshakeResponse()).startsWith("HTTP/1.1 101")
                    .doesNotContainIgnoringCase("sec-websocket-extensions");
            assertThat(c.join()).isInstanceOf(Welcome.class);
        }
    }

    @Test
    void aCompressedHelloGetsACompressedWelcome() {
        try (RawWsConnection c = upgrade(compressing.webSocketPort(), "permessage-deflate")) {
            assertThat(c.handshakeResponse()).startsWith("HTTP/1.1 101").containsIgnoringCase("permessage-deflate");
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            Inflater inflater = new Inflater(true);
            c.send(WsFrames.client(true, RSV1, WsFrames.TEXT, compress(deflater, json(WampTestClient.hello())),
                    true, WsFrames.Length.MINIMAL));
            WsFrames.Frame frame = c.next();
            assertThat(frame.rsv()).as("RSV1: the WELCOME is compressed").isEqualTo(RSV1);
            assertThat(Serializers.of(SerializerKind.JSON).decode(inflate(inflater, frame.payload())))
                    .isInstanceOf(Welcome.class);
            // context takeover (the default): the second message reuses the first one's window
            c.send(WsFrames.client(true, RSV1, WsFrames.TEXT,
                    compress(deflater, "[6,{},\"wamp.close.normal\"]".getBytes()), true, WsFrames.Length.MINIMAL));
            WsFrames.Frame goodbye = c.next();
            assertThat(new String(inflate(inflater, goodbye.payload()))).contains("wamp.close.goodbye_and_out");
        }
    }

    @Test
    void noContextTakeoverOffersAreAccepted() {
        try (RawWsConnection c = upgrade(compressing.webSocketPort(),
                "permessage-deflate; client_no_context_takeover; server_no_context_takeover")) {
            String extensions = header(c.handshakeResponse(), "sec-websocket-extensions");
            // Netty's handshaker agrees to server_no_context_takeover; it need not echo the client's own promise
            assertThat(extensions).contains("permessage-deflate").contains("server_no_context_takeover");
            // a fresh deflater per message, as client_no_context_takeover promises; a fresh inflater too
            c.send(WsFrames.client(true, RSV1, WsFrames.TEXT,
                    compress(new Deflater(9, true), json(WampTestClient.hello())), true, WsFrames.Length.MINIMAL));
            assertThat(Serializers.of(SerializerKind.JSON).decode(inflate(new Inflater(true), c.next().payload())))
                    .isInstanceOf(Welcome.class);
            c.send(WsFrames.client(true, RSV1, WsFrames.TEXT,
                    compress(new Deflater(9, true), "[6,{},\"wamp.close.normal\"]".getBytes()), true,
                    WsFrames.Length.MINIMAL));
            assertThat(new String(inflate(new Inflater(true), c.next().payload())))
                    .contains("wamp.close.goodbye_and_out");
        }
    }

    @Test
    void aSmallFrameInflatingPastTheLimitClosesWith1009() {
        int before = errors.count("too_long");
        // 32 MiB of spaces inside a JSON string deflate to about 32 KiB, a frame within the 64 KiB limit
        // that would inflate to 512 times it
        byte[] bomb = compressedBomb(32 << 20);
        assertThat(bomb.length).isLessThan(TestConfigs.MAX_MESSAGE);
        try (RawWsConnection c = upgrade(compressing.webSocketPort(), "permessage-deflate")) {
            joinCompressed(c);
            c.send(WsFrames.client(true, RSV1, WsFrames.TEXT, bomb, true, WsFrames.Length.MINIMAL));
            WsFrames.Frame close = c.next();
            assertThat(close.isClose()).isTrue();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(c.awaitEnd()).isTrue();
        }
        assertThat(errors.count("too_long")).isGreaterThan(before);
        assertStillServing();
    }

    @Test
    void fragmentsThatEachFitButTogetherInflatePastTheLimitCloseWith1009() {
        Deflater deflater = new Deflater(9, true);
        byte[] chunk = new byte[TestConfigs.MAX_MESSAGE / 2];
        Arrays.fill(chunk, (byte) ' ');
        try (RawWsConnection c = upgrade(compressing.webSocketPort(), "permessage-deflate")) {
            joinCompressed(c);
            c.send(WsFrames.client(false, RSV1, WsFrames.TEXT, flush(deflater, chunk), true, WsFrames.Length.MINIMAL));
            c.send(WsFrames.client(false, 0, WsFrames.CONTINUATION, flush(deflater, chunk), true,
                    WsFrames.Length.MINIMAL));
            c.send(WsFrames.client(true, 0, WsFrames.CONTINUATION, flush(deflater, chunk), true,
                    WsFrames.Length.MINIMAL));
            WsFrames.Frame close = c.next();
            assertThat(close.isClose()).isTrue();
            assertThat(close.closeCode()).isEqualTo(1009);
        }
        assertStillServing();
    }

    @Test
    void aCompressedFrameWithoutNegotiationClosesWith1002() {
        try (RawWsConnection c = RawWsConnection.open(compressing.webSocketPort(), SerializerKind.JSON)) {
            assertThat(c.handshakeResponse()).doesNotContainIgnoringCase("sec-websocket-extensions");
            c.join();
            // valid UTF-8, so only the reserved bit is wrong
            c.send(WsFrames.client(true, RSV1, WsFrames.TEXT, "[6,{},\"wamp.close.normal\"]".getBytes(), true,
                    WsFrames.Length.MINIMAL));
            WsFrames.Frame close = c.next();
            assertThat(close.isClose()).isTrue();
            assertThat(close.closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void aClientThatOffersNothingIsServedUncompressed() {
        try (RawWsConnection c = RawWsConnection.open(compressing.webSocketPort(), SerializerKind.JSON)) {
            c.sendMessage(WampTestClient.hello());
            WsFrames.Frame frame = c.next();
            assertThat(frame.rsv()).isZero();
            assertThat(Serializers.of(SerializerKind.JSON).decode(frame.payload())).isInstanceOf(Welcome.class);
        }
    }

    /** {@link TestConfigs#standard()} with {@code wamp.websocket.compression_enabled}. */
    static TransportConfig compressing() {
        TransportConfig base = TestConfigs.standard();
        return new TransportConfig(base.websocket().withCompression(true), base.rawsocket(), base.ioThreads(),
                base.preferNativeTransport(), base.outboundHighWaterMark(), base.maxOutboundBytes());
    }

    private void assertStillServing() {
        try (RawWsConnection c = RawWsConnection.open(compressing.webSocketPort(), SerializerKind.JSON)) {
            assertThat(c.join()).isInstanceOf(Welcome.class);
        }
    }

    /** HELLO and WELCOME, both compressed, with a deflater and inflater of their own. */
    private static void joinCompressed(RawWsConnection c) {
        c.send(WsFrames.client(true, RSV1, WsFrames.TEXT, compress(new Deflater(6, true), json(WampTestClient.hello())),
                true, WsFrames.Length.MINIMAL));
        WsFrames.Frame welcome = c.next();
        assertThat(Serializers.of(SerializerKind.JSON).decode(inflate(new Inflater(true), welcome.payload())))
                .isInstanceOf(Welcome.class);
    }

    private static RawWsConnection upgrade(int port, String extensions) {
        return RawWsConnection.request(port, SerializerKind.JSON, RawHttp.upgrade(TestConfigs.PATH,
                "Sec-WebSocket-Protocol: wamp.2.json\r\nSec-WebSocket-Extensions: " + extensions + "\r\n"));
    }

    private static String header(String head, String name) {
        return head.lines().filter(l -> l.toLowerCase().startsWith(name + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + head));
    }

    private static byte[] json(Hello hello) {
        return Serializers.of(SerializerKind.JSON).encode((WampMessage) hello);
    }

    /** One message as RFC 7692 sends it: a sync-flushed deflate block without its 00 00 ff ff tail. */
    private static byte[] compress(Deflater deflater, byte[] message) {
        byte[] flushed = flush(deflater, message);
        return Arrays.copyOf(flushed, flushed.length - TAIL.length);
    }

    private static byte[] flush(Deflater deflater, byte[] bytes) {
        deflater.setInput(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        return out.toByteArray();
    }

    private static byte[] inflate(Inflater inflater, byte[] payload) {
        byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** A JSON PUBLISH whose argument is {@code inflated} spaces, compressed (without the tail). */
    private static byte[] compressedBomb(int inflated) {
        Deflater deflater = new Deflater(9, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        deflater.setInput("[16,1,{},\"com.example.bomb\",[\"".getBytes());
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        for (int i = 0; i < inflated / spaces.length; i++) {
            deflater.setInput(spaces);
            int n;
            while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH)) > 0 || !deflater.needsInput()) {
                out.write(buffer, 0, n);
            }
        }
        deflater.setInput("\"]]".getBytes());
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - TAIL.length);
    }

    /** Counts {@link RouterMetrics#transportError} by kind. */
    private static final class Errors implements RouterMetrics {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        @Override
        public void transportError(String transport, String kind) {
            counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }

        int count(String kind) {
            AtomicInteger n = counts.get(kind);
            return n == null ? 0 : n.get();
        }
    }
}
