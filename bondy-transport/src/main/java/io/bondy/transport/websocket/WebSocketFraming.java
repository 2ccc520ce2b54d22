package io.bondy.transport.websocket;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.pipeline.OutboundFraming;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * Frames messages to a WebSocket client: JSON in text frames, MessagePack and CBOR in binary
 * frames; a connection ends with a close frame (1000). WebSocket sets no message length limit of
 * its own. Immutable.
 */
final class WebSocketFraming implements OutboundFraming {

    private final boolean binary;

    WebSocketFraming(SerializerKind kind) {
        this.binary = kind.binary();
    }

    @Override
    public int maxMessageLength() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Object frame(byte[] message) {
        return binary ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message))
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(message));
    }

    @Override
    public void close(Channel channel) {
        channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
