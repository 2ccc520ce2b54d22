package io.bondy.transport.rawsocket;

import io.bondy.transport.pipeline.OutboundFraming;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/**
 * Frames messages to a RawSocket client: a 4-octet prefix, then the serialized message. A message
 * longer than the client's handshake LENGTH must not be sent; the peer enforces that through
 * {@link #maxMessageLength()}. Immutable.
 */
final class RawSocketFraming implements OutboundFraming {

    private final int clientMaxLength;

    RawSocketFraming(int clientMaxLength) {
        this.clientMaxLength = clientMaxLength;
    }

    @Override
    public int maxMessageLength() {
        return clientMaxLength;
    }

    @Override
    public Object frame(byte[] message) {
        return Unpooled.wrappedBuffer(RawSocketProtocol.frameHeader(RawSocketProtocol.FRAME_WAMP, message.length),
                message);
    }

    @Override
    public void close(Channel channel) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
