package io.bondy.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Batching} on the in-memory channel: outbound packing by count and size, splitting, buffers released. */
@ExtendWith(NoLeaks.class)
class BatchingTest {

    @Test
    void partsWrittenBeforeAFlushLeaveTogetherAtMostMaxMessagesAFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(new Batching(SerializerKind.JSON, 2, 1 << 20));
        List<ChannelFuture> writes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            writes.add(channel.write(new Batching.Part(("[" + i + "]").getBytes(StandardCharsets.UTF_8))));
        }
        assertThat(writes).noneMatch(ChannelFuture::isDone);
        channel.flush();
        assertThat(texts(channel)).containsExactly("[1]\u001e[2]\u001e", "[3]\u001e[4]\u001e", "[5]\u001e");
        assertThat(writes).allMatch(ChannelFuture::isSuccess);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aBatchNeverExceedsTheByteLimitButALongMessageGoesAlone() {
        EmbeddedChannel channel = new EmbeddedChannel(new Batching(SerializerKind.MSGPACK, 100, 12));
        channel.write(new Batching.Part(new byte[] {1, 2}));            // 6 bytes framed
        channel.write(new Batching.Part(new byte[] {3, 4}));            // 12
        channel.write(new Batching.Part(new byte[20]));                 // alone: 24
        channel.write(new Batching.Part(new byte[] {5}));
        channel.flush();
        List<byte[]> frames = binaries(channel);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).containsExactly(0, 0, 0, 2, 1, 2, 0, 0, 0, 2, 3, 4);
        assertThat(frames.get(1)).hasSize(24);
        assertThat(frames.get(2)).containsExactly(0, 0, 0, 1, 5);
        channel.finishAndReleaseAll();
    }

    @Test
    void aCloseFrameFollowsWhatWasPending() {
        EmbeddedChannel channel = new EmbeddedChannel(new Batching(SerializerKind.JSON, 10, 1 << 20));
        channel.write(new Batching.Part("[6,{},\"wamp.close.system_shutdown\"]".getBytes(StandardCharsets.UTF_8)));
        channel.writeAndFlush(new CloseWebSocketFrame());
        WebSocketFrame first = channel.readOutbound();
        WebSocketFrame second = channel.readOutbound();
        assertThat(first).isInstanceOf(TextWebSocketFrame.class);
        assertThat(second).isInstanceOf(CloseWebSocketFrame.class);
        first.release();
        second.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void inboundBatchesAreSplitIntoMessages() {
        EmbeddedChannel channel = new EmbeddedChannel(new Batching(SerializerKind.MSGPACK, 3, 1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 7, 0, 0, 0, 2, 8, 9}));
        ByteBuf a = channel.readInbound();
        ByteBuf b = channel.readInbound();
        assertThat(ByteBufUtil.getBytes(a)).containsExactly(7);
        assertThat(ByteBufUtil.getBytes(b)).containsExactly(8, 9);
        a.release();
        b.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void malformedBatchesAreRefusedWithoutLeaking() {
        ByteBuf[] bad = {
            Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 7, 0, 0}),      // a truncated second prefix
            Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0}),               // an empty message
            Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 9, 1}),            // more announced than sent
        };
        for (ByteBuf batch : bad) {
            assertThatThrownBy(() -> Batching.split(batch, false, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThat(batch.refCnt()).isEqualTo(1);
            batch.release();
        }
        ByteBuf json = Unpooled.copiedBuffer("[1]\u001e\u001e", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Batching.split(json, true, 10)).hasMessageContaining("message 2 is empty");
        json.release();
        ByteBuf many = Unpooled.copiedBuffer("[1]\u001e[2]\u001e[3]\u001e", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Batching.split(many, true, 2)).hasMessageContaining("more than 2 messages");
        assertThat(many.refCnt()).isEqualTo(1);
        many.release();
    }

    private static List<String> texts(EmbeddedChannel channel) {
        List<String> out = new ArrayList<>();
        TextWebSocketFrame frame;
        while ((frame = channel.readOutbound()) != null) {
            out.add(frame.text());
            frame.release();
        }
        return out;
    }

    private static List<byte[]> binaries(EmbeddedChannel channel) {
        List<byte[]> out = new ArrayList<>();
        BinaryWebSocketFrame frame;
        while ((frame = channel.readOutbound()) != null) {
            out.add(ByteBufUtil.getBytes(frame.content()));
            frame.release();
        }
        return out;
    }
}
