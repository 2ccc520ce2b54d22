package io.bondy.transport.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after an answer that was sent before the client's request was read to its end
 * (an HTTP 413 while the body is still coming, a 408, a malformed request, the refusal of a connection
 * over a listener's cap): the server stops writing (FIN),
 * drops whatever the client still sends, and closes when the client does or after
 * {@value #LINGER_MILLIS} ms. Closing at once, with the client's bytes unread, would make the kernel
 * reset the connection, and the client could lose the answer (as in Apache's and nginx's "lingering
 * close").
 *
 * <p>Threading: event loop only.
 */
public final class LingeringClose {

    /** The longest a connection lingers after its closing answer. */
    public static final long LINGER_MILLIS = 2000;
    private static final String NAME = "lingering-close";

    private LingeringClose() {
    }

    /** Once {@code written} is done, stops reading for the pipeline, half-closes and closes within the linger time. */
    public static void after(ChannelFuture written) {
        written.addListener(f -> start(written.channel()));
    }

    private static void start(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        if (!(channel instanceof DuplexChannel duplex) || duplex.isInputShutdown()) {
            channel.close();
            return;
        }
        if (channel.pipeline().get(NAME) == null) {
            channel.pipeline().addFirst(NAME, new Drop());
        }
        channel.config().setAutoRead(true);
        duplex.shutdownOutput();
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Drops every read (the client's own close ends the channel). */
    private static final class Drop extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
