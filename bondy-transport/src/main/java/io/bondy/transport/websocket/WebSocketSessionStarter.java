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

    WebSocketSessionStarter(SessionHandlerFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof HandshakeComplete handshake)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        Optional<SerializerKind> kind = SerializerKind.bySubprotocol(handshake.selectedSubprotocol());
        if (kind.isEmpty()) {
            // The upgrade filter lets no such request through; refuse rather than guess a serializer.
            LOG.info("Closing {}: WebSocket upgrade without a WAMP subprotocol", ctx.channel().remoteAddress());
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), ChannelHandlerNames.WS_WAMP_FRAMES,
                new WebSocketFrameDecoder(kind.get(), sessions.metrics()));
        pipeline.addAfter(ChannelHandlerNames.WS_WAMP_FRAMES, ChannelHandlerNames.WAMP_SESSION,
                sessions.create(ctx.channel(), "websocket", kind.get(), new WebSocketFraming(kind.get())));
        pipeline.remove(this);
        LOG.debug("WebSocket upgrade from {} with {}", ctx.channel().remoteAddress(), kind.get().subprotocol());
    }
}
