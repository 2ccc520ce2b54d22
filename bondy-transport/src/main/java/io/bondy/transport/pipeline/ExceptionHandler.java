package io.bondy.transport.pipeline;

import io.bondy.core.spi.RouterMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every pipeline: whatever exception reaches it closes the connection, and
 * nothing thrown by one connection affects another.
 *
 * <p>Transport errors are the peer's doing (a reset, a frame or HTTP body cut short by a close,
 * bytes that do not decode, a message too long) and any peer can cause them, before it has
 * authenticated: each is one line at DEBUG and a count in {@link RouterMetrics#transportError}, never
 * a stack trace, so a stream of such connections cannot flood the log. Anything else is a fault of
 * ours: one line at WARN (the exception's class and message), its stack trace only at DEBUG; counted
 * as {@code unexpected}.
 *
 * <p>Threading: event loop; stateless, so one instance is shared by every connection of a listener.
 */
@ChannelHandler.Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {

    /** Kinds of {@link RouterMetrics#transportError}. */
    public static final String IO = "io";
    public static final String PREMATURE_CLOSE = "premature_close";
    public static final String TOO_LONG = "too_long";
    public static final String BAD_INPUT = "bad_input";
    public static final String UNEXPECTED = "unexpected";

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

    private final RouterMetrics metrics;
    private final String transport;

    /** @param transport {@code websocket} or {@code rawsocket}, the metric's tag */
    public ExceptionHandler(RouterMetrics metrics, String transport) {
        this.metrics = metrics;
        this.transport = transport;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Object remote = ctx.channel().remoteAddress();
        String kind = kindOf(cause);
        if (kind.equals(UNEXPECTED)) {
            LOG.warn("Closing {} after an unexpected error: {}", remote, cause.toString());
            if (LOG.isDebugEnabled()) {
                LOG.debug("The unexpected error on {}", remote, cause);
            }
        } else {
            LOG.debug("Closing {} after a transport error ({}): {}", remote, kind, cause.toString());
        }
        metrics.transportError(transport, kind); // after the log line: tests wait for the count
        ctx.close();
    }

    /** The peer's kinds of trouble, or {@link #UNEXPECTED}. */
    static String kindOf(Throwable cause) {
        if (cause instanceof IOException) {
            return IO;
        }
        if (cause instanceof PrematureChannelClosureException) {
            return PREMATURE_CLOSE;
        }
        if (cause instanceof TooLongFrameException) {
            return TOO_LONG;
        }
        if (cause instanceof DecoderException) {
            // a decoder's own verdict (corrupted frame, bad HTTP), or our bug wrapped by Netty
            Throwable inner = cause.getCause();
            return inner == null || inner instanceof CodecException || inner instanceof IOException
                    ? BAD_INPUT : UNEXPECTED;
        }
        return UNEXPECTED;
    }
}
