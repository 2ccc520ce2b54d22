package io.bondy.transport.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every pipeline: whatever exception reaches it is logged (peer resets at DEBUG,
 * bad input at DEBUG, anything else at INFO with its stack trace) and the connection is closed.
 * Nothing thrown by one connection affects another. Stateless and shared.
 */
@ChannelHandler.Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {

    public static final ExceptionHandler INSTANCE = new ExceptionHandler();
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

    private ExceptionHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Object remote = ctx.channel().remoteAddress();
        if (cause instanceof IOException) {
            LOG.debug("Connection {} failed: {}", remote, cause.toString());
        } else if (cause instanceof CorruptedFrameException || cause instanceof TooLongFrameException) {
            LOG.debug("Closing {} after bad input: {}", remote, cause.toString());
        } else {
            LOG.info("Closing {} after an unexpected error", remote, cause);
        }
        ctx.close();
    }
}
