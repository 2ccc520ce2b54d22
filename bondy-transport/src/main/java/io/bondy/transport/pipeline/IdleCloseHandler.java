package io.bondy.transport.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has read nothing (not even a ping) for the idle timeout.
 * Threading: event loop only.
 */
public final class IdleCloseHandler extends IdleStateHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IdleCloseHandler.class);

    private final Duration timeout;

    public IdleCloseHandler(Duration timeout) {
        super(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        this.timeout = timeout;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        LOG.info("Closing {}: nothing received for {} ms", ctx.channel().remoteAddress(), timeout.toMillis());
        ctx.close();
    }
}
