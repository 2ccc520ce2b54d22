package io.bondy.transport.pipeline;

import io.netty.channel.Channel;

/**
 * How one transport puts a serialized WAMP message on the wire and ends a connection.
 * Implementations are immutable and may be called from any thread.
 */
public interface OutboundFraming {

    /** The largest serialized message the remote end accepts, in bytes. */
    int maxMessageLength();

    /** The object to write for one serialized message (a WebSocket frame, a prefixed buffer). */
    Object frame(byte[] message);

    /** Flushes what was written before and closes the connection the transport's way. */
    void close(Channel channel);
}
