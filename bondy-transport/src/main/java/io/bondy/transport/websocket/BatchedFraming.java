package io.bondy.transport.websocket;

import io.bondy.transport.pipeline.OutboundFraming;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * Frames messages to a client of a batched subprotocol: each message becomes a {@link Batching.Part}, which
 * the connection's {@link Batching} handler packs with the others written before the next flush into one
 * WebSocket message. A connection ends with a close frame (1000). Immutable.
 */
final class BatchedFraming implements OutboundFraming {

    @Override
    public int maxMessageLength() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Object frame(byte[] message) {
        return new Batching.Part(message);
    }

    @Override
    public void close(Channel channel) {
        channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
