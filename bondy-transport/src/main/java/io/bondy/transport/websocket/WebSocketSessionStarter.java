package io.bondy.transport.websocket;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.pipeline.ChannelHandlerNames;
import io.bondy.transport.pipeline.SessionHandlerFactory;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for Netty to complete the WebSocket upgrade, then replaces itself with the frame decoder
 * and the session handler for the negotiated subprotocol's serializer.
 *
 * <p>Threading: event loop only; one instance per connection.
 */
final class WebSocketSessionStarter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSessionStarter.class);

    private final SessionHandlerFactory sessions;
    private final int maxBatchedMessages;
    private final int maxBatchBytes;

    WebSocketSessionStarter(SessionHandlerFactory sessions) {
        this(sessions, 1, Integer.MAX_VALUE);
    }

    /**
     * @param maxBatchedMessages the most messages in one WebSocket message of a batched subprotocol
     * @param maxBatchBytes      the largest batch written to a client (a single longer message goes alone)
     */
    WebSocketSessionStarter(SessionHandlerFactory sessions, int maxBatchedMessages, int maxBatchBytes) {
        this.sessions = sessions;
        this.maxBatchedMessages = maxBatchedMessages;
        this.maxBatchBytes = maxBatchBytes;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof HandshakeComplete handshake)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        Optional<Subprotocols.Negotiated> negotiated = Subprotocols.parse(handshake.selectedSubprotocol());
        if (negotiated.isEmpty()) {
            // The upgrade filter lets no such request through; refuse rather than guess a serializer.
            LOG.info("Closing {}: WebSocket upgrade without a WAMP subprotocol", ctx.channel().remoteAddress());
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        SerializerKind kind = negotiated.get().kind();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), ChannelHandlerNames.WS_WAMP_FRAMES,
                new WebSocketFrameDecoder(kind, sessions.metrics()));
        String last = ChannelHandlerNames.WS_WAMP_FRAMES;
        if (negotiated.get().batched()) {
            pipeline.addAfter(last, ChannelHandlerNames.WS_BATCHES, new Batching(kind, maxBatchedMessages,
                    maxBatchBytes));
            last = ChannelHandlerNames.WS_BATCHES;
        }
        pipeline.addAfter(last, ChannelHandlerNames.WAMP_SESSION, sessions.create(ctx.channel(), "websocket", kind,
                negotiated.get().batched() ? new BatchedFraming() : new WebSocketFraming(kind)));
        pipeline.remove(this);
        LOG.debug("WebSocket upgrade from {} with {}", ctx.channel().remoteAddress(),
                negotiated.get().subprotocol());
    }
}
