package io.bondy.transport.websocket;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.pipeline.ExceptionHandler;
import io.bondy.transport.pipeline.ProtocolViolationEvent;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes on the payload of each (reassembled) data frame as the bytes of one WAMP message. A frame
 * of the wrong kind for the subprotocol (binary for JSON, text for MessagePack or CBOR) is a
 * protocol violation. A fragmented message that grows past the maximum (the aggregator's
 * {@link TooLongFrameException}) closes the connection with 1009 (message too big); a single
 * oversized frame, or a compressed one that inflates past the maximum (a compression bomb), gets the same. Every WebSocket protocol error that Netty's decoder or UTF-8 validator
 * reports ({@link CorruptedWebSocketFrameException}: reserved bits or opcodes, a fragmented or too long
 * control frame, an unmasked frame, invalid UTF-8, a bad close frame) fails the connection here with
 * one close frame of the status they chose.
 *
 * <p>Threading: event loop only; one instance per connection.
 */
final class WebSocketFrameDecoder extends MessageToMessageDecoder<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrameDecoder.class);

    private final SerializerKind kind;
    private final RouterMetrics metrics;

    WebSocketFrameDecoder(SerializerKind kind, RouterMetrics metrics) {
        super(WebSocketFrame.class);
        this.kind = kind;
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        boolean text = frame instanceof TextWebSocketFrame;
        if (!text && !(frame instanceof BinaryWebSocketFrame)) {
            LOG.debug("Ignoring {} from {}", frame.getClass().getSimpleName(), ctx.channel().remoteAddress());
        } else if (text == kind.binary()) {
            ctx.fireUserEventTriggered(new ProtocolViolationEvent("received a " + (text ? "text" : "binary")
                    + " frame, but " + kind.subprotocol() + " uses " + (text ? "binary" : "text") + " frames"));
        } else {
            out.add(frame.content().retain());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || inflatedTooLarge(cause)) {
            LOG.debug("Closing {}: {}", ctx.channel().remoteAddress(), cause.getMessage()); // any peer can: no INFO
            metrics.transportError("websocket", ExceptionHandler.TOO_LONG);
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof CorruptedWebSocketFrameException violation) {
            // RFC 6455 7.1.7, "Fail the WebSocket Connection": one close frame with the status Netty's decoder
            // or UTF-8 validator chose (1002, 1007, 1009), then the end. Written here, through the protocol
            // handler, so that closing does not add a second close frame; not passed on for the same reason.
            WebSocketCloseStatus status = violation.closeStatus();
            LOG.debug("Failing {} with {}: {}", ctx.channel().remoteAddress(), status.code(), cause.getMessage());
            ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason(violation)))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** A permessage-deflate frame that inflates past the maximum (Netty's decoder stops at it). */
    private static boolean inflatedTooLarge(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.codec.compression.DecompressionException) {
                return true;
            }
        }
        return false;
    }

    /** The decoder's explanation if it fits a close frame (123 bytes of UTF-8), else the status's own text. */
    private static String reason(CorruptedWebSocketFrameException violation) {
        String message = violation.getMessage();
        return message != null && message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123
                ? message : violation.closeStatus().reasonText();
    }
}
