package io.bondy.transport.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not delivered its first WAMP message (HELLO) within the handshake
 * timeout of its connecting: one deadline covers the transport handshake (HTTP upgrade or RawSocket
 * octets) and HELLO. The {@link WampSessionHandler} removes this handler on the first message.
 *
 * <p>The connection is closed without an ABORT: no WAMP session was ever started on it.
 * Threading: event loop only.
 */
public final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeTimeoutHandler.class);

    private final Duration timeout;
    private ScheduledFuture<?> deadline;

    public HandshakeTimeoutHandler(Duration timeout) {
        this.timeout = timeout;
    }

    /** Stops the timer of the channel whose pipeline this is, if it still runs. Event loop only. */
    public static void cancel(ChannelPipeline pipeline) {
        if (pipeline.get(ChannelHandlerNames.HANDSHAKE_TIMEOUT) != null) {
            pipeline.remove(ChannelHandlerNames.HANDSHAKE_TIMEOUT);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (deadline == null) {
            deadline = ctx.executor().schedule(() -> expire(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            LOG.info("Closing {}: no WAMP HELLO within the handshake timeout of {} ms",
                    ctx.channel().remoteAddress(), timeout.toMillis());
            ctx.close();
        }
    }
}
