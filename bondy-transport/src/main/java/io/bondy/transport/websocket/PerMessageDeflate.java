package io.bondy.transport.websocket;

import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.pipeline.ExceptionHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * permessage-deflate (RFC 7692) on the WebSocket listener, when {@code wamp.websocket.compression.enabled}.
 *
 * <p>Negotiation is Netty's {@link PerMessageDeflateServerExtensionHandshaker}: a client's
 * {@code client_no_context_takeover} and {@code server_no_context_takeover} are accepted; a request for a
 * smaller server window ({@code server_max_window_bits}) is declined, which leaves that connection
 * uncompressed (the JDK's deflater has only the 32 KiB window). Only permessage-deflate is offered, not
 * the obsolete {@code x-webkit-deflate-frame}.
 *
 * <p>The inflated size is bounded: Netty's inflater allocates at most {@code maxMessageBytes} for one frame
 * and fails past it, and the frame aggregator bounds the sum of a fragmented message's inflated frames.
 * {@link #inflateLimit} turns the inflater's failure into a close frame 1009 (message too big), so a
 * compression bomb costs at most {@code maxMessageBytes} of memory before the connection ends.
 */
final class PerMessageDeflate {

    private PerMessageDeflate() {
    }

    /**
     * The handler that negotiates the extension in the upgrade and, once it is agreed, installs the deflate
     * encoder and decoder after itself (then removes itself). Place it before the WebSocket protocol handler.
     *
     * @param level           the deflate level of outbound messages, 1 to 9
     * @param maxMessageBytes the most bytes one inflated frame may take
     */
    static ChannelHandler negotiator(int level, int maxMessageBytes) {
        return new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(level,
                false, PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false, maxMessageBytes));
    }

    /** The handler after the negotiator that answers an inflated frame over the limit with 1009. */
    static ChannelHandler inflateLimit(int maxMessageBytes, RouterMetrics metrics) {
        return new InflateLimit(maxMessageBytes, metrics);
    }

    /**
     * Closes with 1009 when the inflater stops at its limit, and with 1007 (invalid payload data) when the
     * compressed bytes are not deflate at all. It stands before Netty's protocol handler, which would
     * otherwise close without a close frame.
     *
     * <p>Threading: event loop only; one instance per connection.
     */
    private static final class InflateLimit extends ChannelInboundHandlerAdapter {

        private static final Logger LOG = LoggerFactory.getLogger(InflateLimit.class);

        private final int maxMessageBytes;
        private final RouterMetrics metrics;
        private boolean failed;

        InflateLimit(int maxMessageBytes, RouterMetrics metrics) {
            this.maxMessageBytes = maxMessageBytes;
            this.metrics = metrics;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof DecompressionException) && !(cause.getCause() instanceof DecompressionException)) {
                ctx.fireExceptionCaught(cause);
                return;
            }
            if (failed) {
                return;
            }
            failed = true;
            boolean tooBig = String.valueOf(cause.getMessage()).contains("maximum size");
            LOG.debug("Closing {}: compressed message {}", ctx.channel().remoteAddress(), tooBig
                    ? "inflates past " + maxMessageBytes + " bytes" : "does not inflate: " + cause.getMessage());
            metrics.transportError("websocket", tooBig ? ExceptionHandler.TOO_LONG : ExceptionHandler.BAD_INPUT);
            CloseWebSocketFrame close = tooBig
                    ? new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(),
                            "message inflates past " + maxMessageBytes + " bytes")
                    : new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(), "invalid deflate data");
            ctx.channel().config().setAutoRead(false); // read no more of what the client sends
            // from the tail, through Netty's protocol handler, which then knows a close frame went out and adds none
            ctx.channel().writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
