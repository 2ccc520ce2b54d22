package io.bondy.transport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.TransportInfo;
import io.bondy.transport.support.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class NettyPeerTest {

    private static final Serializer JSON = Serializers.of(SerializerKind.JSON);

    private final List<MessageType> dropped = new CopyOnWriteArrayList<>();
    private final RouterMetrics metrics = new RouterMetrics() {
        @Override
        public void outboundDropped(MessageType type) {
            dropped.add(type);
        }
    };
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void releaseEverything() {
        channel.finishAndReleaseAll();
    }

    @Test
    void messageIsEncodedFramedAndWritten() {
        NettyPeer peer = peer(Integer.MAX_VALUE, 1 << 20);
        peer.send(event(10));

        assertThat(JSON.decode(readOutbound())).isInstanceOf(Event.class);
        assertThat(peer.pendingOutboundBytes()).isZero();
    }

    @Test
    void messagesPastTheOutboundLimitAreDroppedAndCounted() {
        List<Object> held = new ArrayList<>();
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                held.add(msg); // a reader that never reads: nothing is ever flushed
            }
        });
        NettyPeer peer = peer(Integer.MAX_VALUE, 1000);
        int sent = 0;
        while (dropped.isEmpty()) {
            peer.send(event(100));
            sent++;
        }

        channel.runPendingTasks();
        assertThat(held).hasSize(sent - 1);
        assertThat(peer.pendingOutboundBytes()).isLessThanOrEqualTo(1000);
        assertThat(dropped).containsExactly(MessageType.EVENT);
        assertThat(peer.droppedMessages()).isEqualTo(1);
        held.forEach(ReferenceCountUtil::release);
    }

    @Test
    void oneMessageLargerThanTheOutboundLimitStillGoesOutAlone() {
        NettyPeer peer = peer(Integer.MAX_VALUE, 10);
        peer.send(event(100));

        assertThat(readOutbound()).isNotEmpty();
        assertThat(dropped).isEmpty();
    }

    @Test
    void eventLongerThanTheClientAcceptsIsDropped() {
        NettyPeer peer = peer(512, 1 << 20);
        peer.send(event(1000));
        channel.runPendingTasks();

        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(dropped).containsExactly(MessageType.EVENT);
    }

    @Test
    void resultLongerThanTheClientAcceptsBecomesPayloadSizeExceededError() {
        NettyPeer peer = peer(512, 1 << 20);
        peer.send(new Result(77, Map.of(), Payload.of(List.of("x".repeat(1000)))));

        Error error = (Error) JSON.decode(readOutbound());
        assertThat(error.requestType()).isEqualTo(MessageType.CALL.code());
        assertThat(error.requestId()).isEqualTo(77);
        assertThat(error.error()).isEqualTo(WampErrors.PAYLOAD_SIZE_EXCEEDED);
        assertThat(dropped).containsExactly(MessageType.RESULT);
    }

    @Test
    void sendAndCloseWritesTheLastMessageThenCloses() {
        NettyPeer peer = peer(Integer.MAX_VALUE, 1 << 20);
        peer.sendAndClose(new Abort(Map.of(), WampErrors.PROTOCOL_VIOLATION));

        assertThat(JSON.decode(readOutbound())).isInstanceOf(Abort.class);
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void nothingIsSentAfterClose() {
        NettyPeer peer = peer(Integer.MAX_VALUE, 1 << 20);
        peer.close();
        peer.send(event(1));

        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        ByteBuf flushMarker = channel.readOutbound();
        if (flushMarker != null) {
            assertThat(flushMarker.readableBytes()).isZero();
            flushMarker.release();
        }
        assertThat(channel.<Object>readOutbound()).isNull();
    }

    @Test
    void messagesQueuedBeforeTheLoopRunsAreWrittenInOrderWithOneFlush() {
        int[] flushes = {0};
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes[0]++;
                ctx.flush();
            }
        });
        NettyPeer peer = peer(Integer.MAX_VALUE, 1 << 20);
        for (int i = 0; i < 5; i++) {
            peer.send(new Event(1, i, Map.of(), Payload.NONE));
        }

        channel.runPendingTasks();
        assertThat(flushes[0]).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            assertThat(((Event) JSON.decode(readOutbound())).publicationId()).isEqualTo(i);
        }
        assertThat(peer.pendingOutboundBytes()).isZero();
    }

    @Test
    void aLongBurstIsWrittenInTurnsAndNothingIsLeftBehind() {
        NettyPeer peer = peer(Integer.MAX_VALUE, 1 << 24);
        int n = 1000; // more than one drain writes in a turn
        for (int i = 0; i < n; i++) {
            peer.send(new Event(1, i, Map.of(), Payload.NONE));
        }

        channel.runPendingTasks();
        channel.runPendingTasks();
        for (int i = 0; i < n; i++) {
            assertThat(((Event) JSON.decode(readOutbound())).publicationId()).isEqualTo(i);
        }
        assertThat(peer.pendingOutboundBytes()).isZero();
    }

    private NettyPeer peer(int maxMessageLength, long maxOutboundBytes) {
        OutboundFraming framing = new OutboundFraming() {
            @Override
            public int maxMessageLength() {
                return maxMessageLength;
            }

            @Override
            public Object frame(byte[] message) {
                return Unpooled.wrappedBuffer(message);
            }

            @Override
            public void close(Channel ch) {
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        };
        return new NettyPeer(channel, new TransportInfo("test", SerializerKind.JSON, null), JSON, framing,
                maxOutboundBytes, metrics);
    }

    private static WampMessage event(int payloadChars) {
        return new Event(1, 2, Map.of(), Payload.of(List.of("x".repeat(payloadChars))));
    }

    private byte[] readOutbound() {
        channel.runPendingTasks(); // writes are tasks of the event loop
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("an outbound message").isNotNull();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
