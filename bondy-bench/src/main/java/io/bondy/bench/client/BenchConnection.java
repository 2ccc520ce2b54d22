package io.bondy.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * One established load-generator connection (after the WebSocket upgrade or the RawSocket
 * handshake). Sends whole WAMP messages as frames of its transport.
 *
 * <p>Threading: {@link #send} may be called from any thread; the workloads call it from the
 * connection's own {@link #eventLoop()} to avoid a task hand-off per message.
 */
public final class BenchConnection {

    private final Channel channel;
    private final Endpoint endpoint;

    BenchConnection(Channel channel, Endpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Writes one message and flushes. */
    public void send(byte[] payload) {
        channel.writeAndFlush(frame(payload), channel.voidPromise());
    }

    /** Writes one message without flushing (batch several, then {@link #flush()}). */
    public void write(byte[] payload) {
        channel.write(frame(payload), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** Stops (false) or resumes (true) reading from the socket: a slow consumer, as the router sees one. */
    public void setAutoRead(boolean autoRead) {
        channel.config().setAutoRead(autoRead);
    }

    public ChannelFuture close() {
        return channel.close();
    }

    public ChannelFuture closeFuture() {
        return channel.closeFuture();
    }

    private Object frame(byte[] payload) {
        if (endpoint.transport() == Transport.RAWSOCKET) {
            return RawSocketCodec.messageFrame(channel.alloc(), payload);
        }
        ByteBuf content = Unpooled.wrappedBuffer(payload);
        return endpoint.serializer().binary() ? new BinaryWebSocketFrame(content) : new TextWebSocketFrame(content);
    }
}
