package io.bondy.transport.websocket;

import io.bondy.transport.WebSocketConfig;
import io.bondy.transport.pipeline.AbstractWampChannelInitializer;
import io.bondy.transport.pipeline.ChannelHandlerNames;
import io.bondy.transport.pipeline.SessionHandlerFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.function.Supplier;

/**
 * The WebSocket pipeline: the common timers, HTTP, an optional handler for other HTTP routes of the
 * port (the API gateway's OAuth2 endpoints), the {@link WebSocketUpgradeFilter}, Netty's
 * WebSocket protocol handler (upgrade, ping/pong, close frames), the frame aggregator for
 * fragmented messages and the {@link WebSocketSessionStarter}.
 */
public final class WebSocketChannelInitializer extends AbstractWampChannelInitializer {

    /** An upgrade request has no body, a token request a small one; anything larger is refused (413). */
    private static final int MAX_HTTP_REQUEST_BODY = 8192;

    private final WebSocketConfig config;
    private final SessionHandlerFactory sessions;
    private final WebSocketServerProtocolConfig protocolConfig;
    private final Supplier<? extends ChannelHandler> httpRoutes;

    public WebSocketChannelInitializer(WebSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels) {
        this(config, sessions, channels, null);
    }

    /**
     * @param httpRoutes makes, per connection, a handler that answers the HTTP requests it knows and
     *                   passes every other message on; null for none
     */
    public WebSocketChannelInitializer(WebSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels,
                                       Supplier<? extends ChannelHandler> httpRoutes) {
        super(channels, config.handshakeTimeout(), config.idleTimeout());
        this.config = config;
        this.sessions = sessions;
        this.httpRoutes = httpRoutes;
        this.protocolConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(config.path())
                .checkStartsWith(true)
                .subprotocols(Subprotocols.SUPPORTED)
                .handshakeTimeoutMillis(config.handshakeTimeout().toMillis())
                .maxFramePayloadLength(config.maxFrameSize())
                .allowExtensions(false)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                // Netty's decoder would write its own close frame past the protocol handler, which then adds
                // a second one (1000) when the connection closes; WebSocketFrameDecoder writes the one frame
                // instead (docs/reliability.md, WebSocket conformance)
                .closeOnProtocolViolation(false)
                .build();
    }

    @Override
    protected void addTransportHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(ChannelHandlerNames.HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast(ChannelHandlerNames.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_HTTP_REQUEST_BODY));
        if (httpRoutes != null) {
            pipeline.addLast(ChannelHandlerNames.HTTP_ROUTES, httpRoutes.get());
        }
        pipeline.addLast(ChannelHandlerNames.WS_UPGRADE_FILTER, new WebSocketUpgradeFilter(config.path()));
        pipeline.addLast(ChannelHandlerNames.WS_PROTOCOL, new WebSocketServerProtocolHandler(protocolConfig));
        pipeline.addLast(ChannelHandlerNames.WS_FRAME_AGGREGATOR, new WebSocketFrameAggregator(config.maxFrameSize()));
        pipeline.addLast(ChannelHandlerNames.WS_SESSION_STARTER, new WebSocketSessionStarter(sessions));
    }
}
