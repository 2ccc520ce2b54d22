package io.bondy.transport.rawsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.transport.pipeline.ProtocolViolationEvent;
import io.bondy.transport.support.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class RawSocketFrameDecoderTest {

    private static final int MAX = 1024;

    private final List<ProtocolViolationEvent> violations = new ArrayList<>();
    private final List<ByteBuf> written = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new RawSocketFrameDecoder(MAX),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    violations.add((ProtocolViolationEvent) evt);
                }
            });

    @AfterEach
    void releaseEverything() {
        written.forEach(ByteBuf::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void wampFrameIsPassedOnAsItsPayload() {
        ByteBuf in = frame(0, "[1,\"realm1\",{}]");
        channel.writeInbound(in);

        assertThat(readInbound()).isEqualTo("[1,\"realm1\",{}]");
        assertThat(in.refCnt()).isZero();
        assertThat(violations).isEmpty();
    }

    @Test
    void frameSplitAcrossReadsIsReassembled() {
        byte[] whole = ByteBufUtil.getBytes(release(frame(0, "hello world")));
        channel.writeInbound(Unpooled.wrappedBuffer(whole, 0, 2));
        channel.writeInbound(Unpooled.wrappedBuffer(whole, 2, 5));
        assertThat(channel.<Object>readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(whole, 7, whole.length - 7));

        assertThat(readInbound()).isEqualTo("hello world");
    }

    @Test
    void twoFramesInOneReadAreBothPassedOn() {
        channel.writeInbound(Unpooled.wrappedBuffer(frame(0, "one"), frame(0, "two")));

        assertThat(readInbound()).isEqualTo("one");
        assertThat(readInbound()).isEqualTo("two");
    }

    @Test
    void emptyWampFrameIsPassedOnEmpty() {
        channel.writeInbound(frame(0, ""));

        assertThat(readInbound()).isEmpty();
    }

    @Test
    void pingIsAnsweredWithPongEchoingThePayload() {
        ByteBuf ping = frame(1, "are you there?");
        channel.writeInbound(ping);

        assertThat(readOutbound()).isEqualTo(ByteBufUtil.getBytes(release(frame(2, "are you there?"))));
        assertThat(channel.<Object>readInbound()).isNull();
        channel.runPendingTasks();
        assertThat(ping.refCnt()).isZero();
    }

    @Test
    void pongIsIgnored() {
        ByteBuf pong = frame(2, "late pong");
        channel.writeInbound(pong, frame(0, "next"));

        assertThat(readInbound()).isEqualTo("next");
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(pong.refCnt()).isZero();
    }

    @Test
    void frameOfExactlyTheMaximumIsAccepted() {
        channel.writeInbound(frame(0, "x".repeat(MAX)));

        assertThat(readInbound()).hasSize(MAX);
        assertThat(violations).isEmpty();
    }

    @Test
    void frameLongerThanTheMaximumIsAProtocolViolation() {
        ByteBuf header = Unpooled.wrappedBuffer(RawSocketProtocol.frameHeader(0, MAX + 1));
        channel.writeInbound(header);

        assertThat(violations).singleElement().extracting(ProtocolViolationEvent::reason).asString()
                .contains("1025 bytes exceeds the maximum of 1024");
        assertThat(header.refCnt()).isZero();
    }

    @Test
    void reservedBitsInTheHeaderAreAProtocolViolation() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x10, 0, 0, 1, 'x'}));

        assertThat(violations).singleElement().extracting(ProtocolViolationEvent::reason).asString()
                .contains("reserved bits");
    }

    @Test
    void unknownFrameTypeIsAProtocolViolation() {
        channel.writeInbound(frame(3, "?"));

        assertThat(violations).singleElement().extracting(ProtocolViolationEvent::reason).asString()
                .contains("frame type 3");
    }

    @Test
    void lengthOfSixteenMebibytesUsesTheExtraBit() {
        assertThat(RawSocketProtocol.frameHeader(0, 1 << 24)).containsExactly(0x08, 0, 0, 0);
        assertThat(RawSocketProtocol.frameHeader(2, (1 << 24) - 1)).containsExactly(0x02, 0xFF, 0xFF, 0xFF);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x08, 0, 0, 0}));

        assertThat(violations).singleElement().extracting(ProtocolViolationEvent::reason).asString()
                .contains(String.valueOf(1 << 24));
    }

    @Test
    void garbageAfterAViolationIsDiscarded() {
        ByteBuf garbage = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4, 5});
        channel.writeInbound(garbage);
        ByteBuf more = frame(0, "ignored");
        channel.writeInbound(more);

        assertThat(violations).hasSize(1);
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(garbage.refCnt()).isZero();
        assertThat(more.refCnt()).isZero();
    }

    private String readInbound() {
        ByteBuf payload = channel.readInbound();
        assertThat(payload).as("a decoded frame").isNotNull();
        try {
            return payload.toString(java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            payload.release();
        }
    }

    private byte[] readOutbound() {
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("an outbound frame").isNotNull();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private ByteBuf release(ByteBuf buf) {
        written.add(buf);
        return buf;
    }

    private static ByteBuf frame(int type, String payload) {
        byte[] bytes = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Unpooled.wrappedBuffer(RawSocketProtocol.frameHeader(type, bytes.length), bytes);
    }
}
