package io.bondy.transport.rawsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Welcome;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.pipeline.ChannelHandlerNames;
import io.bondy.transport.pipeline.SessionHandlerFactory;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.WampTestClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(NoLeaks.class)
class RawSocketHandshakeHandlerTest {

    private static final int MAX = 64 * 1024; // LENGTH field 7

    private final EmbeddedChannel channel = new EmbeddedChannel();

    RawSocketHandshakeHandlerTest() {
        channel.pipeline().addLast(ChannelHandlerNames.RAWSOCKET_HANDSHAKE, new RawSocketHandshakeHandler(MAX,
                new SessionHandlerFactory(Router.development(), RouterMetrics.NOOP, 1 << 20)));
    }

    @AfterEach
    void releaseEverything() {
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(SerializerKind.class)
    void rawSocketHandshakeIsAcceptedWithTheRoutersOwnLength(SerializerKind kind) {
        ByteBuf request = bytes(0x7F, 0xF0 | kind.rawSocketId(), 0, 0);
        channel.writeInbound(request);

        assertThat(readOutbound()).containsExactly(0x7F, 0x70 | kind.rawSocketId(), 0, 0);
        assertThat(request.refCnt()).isZero();
        assertThat(channel.pipeline().names()).contains(ChannelHandlerNames.RAWSOCKET_FRAMES,
                ChannelHandlerNames.WAMP_SESSION).doesNotContain(ChannelHandlerNames.RAWSOCKET_HANDSHAKE);
        assertThat(channel.isActive()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 5, 6, 15})
    void rawSocketHandshakeWithUnknownSerializerGetsErrorOne(int serializerId) {
        channel.writeInbound(bytes(0x7F, 0xF0 | serializerId, 0, 0));

        assertThat(readOutbound()).containsExactly(0x7F, 0x10, 0, 0);
        assertThat(channel.isActive()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0001, 0x0100, 0xFFFF})
    void rawSocketHandshakeWithReservedBitsGetsErrorThree(int reserved) {
        channel.writeInbound(bytes(0x7F, 0xF1, reserved >>> 8, reserved & 0xFF));

        assertThat(readOutbound()).containsExactly(0x7F, 0x30, 0, 0);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void firstOctetOtherThanTheMagicClosesWithoutAReply() {
        ByteBuf http = Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", java.nio.charset.StandardCharsets.US_ASCII);
        channel.writeInbound(http);

        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(channel.isActive()).isFalse();
        assertThat(http.refCnt()).isZero();
    }

    @Test
    void badMagicIsRefusedAsSoonAsTheFirstOctetArrives() {
        channel.writeInbound(bytes(0x16));

        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void handshakeArrivingOneOctetAtATimeIsAccepted() {
        for (int octet : new int[] {0x7F, 0xF1, 0, 0}) {
            assertThat(channel.<Object>readOutbound()).isNull();
            channel.writeInbound(bytes(octet));
        }

        assertThat(readOutbound()).containsExactly(0x7F, 0x71, 0, 0);
    }

    @Test
    void helloSentWithTheHandshakeIsAnsweredAfterTheReply() {
        byte[] hello = Serializers.of(SerializerKind.JSON).encode(WampTestClient.hello());
        ByteBuf both = Unpooled.wrappedBuffer(new byte[] {0x7F, (byte) 0xF1, 0, 0},
                RawSocketProtocol.frameHeader(0, hello.length), hello);
        channel.writeInbound(both);

        assertThat(readOutbound()).containsExactly(0x7F, 0x71, 0, 0);
        byte[] welcome = readOutbound();
        assertThat(welcome[0]).isZero();
        assertThat(Serializers.of(SerializerKind.JSON).decode(java.util.Arrays.copyOfRange(welcome, 4,
                welcome.length))).isInstanceOf(Welcome.class);
        assertThat(both.refCnt()).isZero();
    }

    @Test
    void bytesAfterARefusedHandshakeAreDiscarded() {
        ByteBuf request = bytes(0x7F, 0xF9, 0, 0, 1, 2, 3, 4, 5);
        channel.writeInbound(request);

        assertThat(readOutbound()).containsExactly(0x7F, 0x10, 0, 0);
        assertThat(request.refCnt()).isZero();
        assertThat(channel.<Object>readInbound()).isNull();
    }

    private byte[] readOutbound() {
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("an outbound message").isNotNull();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static ByteBuf bytes(int... octets) {
        byte[] b = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            b[i] = (byte) octets[i];
        }
        return Unpooled.wrappedBuffer(b);
    }
}
