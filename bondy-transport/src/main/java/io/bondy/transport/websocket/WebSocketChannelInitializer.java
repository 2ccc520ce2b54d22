package io.bondy.transport.websocket;

import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.WebSocketConfig;
import io.bondy.transport.http.ClosingAggregator;
import io.bondy.transport.http.HttpDeadlines;
import io.bondy.transport.http.HttpErrors;
import io.bondy.transport.pipeline.AbstractWampChannelInitializer;
import io.bondy.transport.pipeline.ChannelHandlerNames;
import io.bondy.transport.pipeline.ConnectionLimit;
import io.bondy.transport.pipeline.SessionHandlerFactory;
import io.bondy.transport.tls.TlsContext;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import java.util.List;
import java.util.function.Supplier;

/**
 * The WebSocket pipeline: the connection cap, the common timers, HTTP with its request deadline
 * ({@link HttpDeadlines}; a body over the limit, 8 KiB unless raised, is a closing 413), optional
 * handlers for other HTTP routes of the port (the API gateway's OAuth2 endpoints and APIs), the {@link WebSocketUpgradeFilter}, Netty's
 * WebSocket protocol handler (upgrade, ping/pong, close frames), the frame aggregator for
 * fragmented messages and the {@link WebSocketSessionStarter}.
 */
public final class WebSocketChannelInitializer extends AbstractWampChannelInitializer {

    /** An upgrade request has no body, a token request a small one; anything larger is refused (413). */
    public static final int DEFAULT_MAX_HTTP_REQUEST_BODY = 8192;

    private final WebSocketConfig config;
    private final SessionHandlerFactory sessions;
    private final WebSocketServerProtocolConfig protocolConfig;
    private final List<Supplier<? extends ChannelHandler>> httpRoutes;
    private final int maxHttpRequestBody;

    public WebSocketChannelInitializer(WebSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels) {
        this(config, sessions, channels, null);
    }

    /**
     * @param httpRoutes makes, per connection, a handler that answers the HTTP requests it knows and
     *                   passes every other message on; null for none
     */
    public WebSocketChannelInitializer(WebSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels,
                                       Supplier<? extends ChannelHandler> httpRoutes) {
        this(config, sessions, channels, httpRoutes, null);
    }

    /** @param limit the listener's connection cap (refusals get HTTP 503); null for none */
    public WebSocketChannelInitializer(WebSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels,
                                       Supplier<? extends ChannelHandler> httpRoutes, ConnectionLimit limit) {
        this(config, sessions, channels, httpRoutes, limit, null);
    }

    /**
     * @param tls the listener's TLS context ({@code wss://}, listener {@code websocket_tls}); null for
     *            plain text
     */
    public WebSocketChannelInitializer(WebSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels,
                                       Supplier<? extends ChannelHandler> httpRoutes, ConnectionLimit limit,
                                       TlsContext tls) {
        this(config, sessions, channels, httpRoutes == null ? List.of() : List.of(httpRoutes), limit,
                DEFAULT_MAX_HTTP_REQUEST_BODY, tls);
    }

    /**
     * @param httpRoutes         handlers for other HTTP routes of the port, in order (each passes on what it
     *                           does not answer)
     * @param maxHttpRequestBody the largest request body aggregated; larger is a closing 413
     */
    public WebSocketChannelInitializer(WebSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels,
                                       List<Supplier<? extends ChannelHandler>> httpRoutes, ConnectionLimit limit,
                                       int maxHttpRequestBody) {
        this(config, sessions, channels, httpRoutes, limit, maxHttpRequestBody, null);
    }

    /**
     * @param httpRoutes         handlers for other HTTP routes of the port, in order (each passes on what it
     *                           does not answer)
     * @param maxHttpRequestBody the largest request body aggregated; larger is a closing 413
     * @param tls                the listener's TLS context ({@code wss://}, listener {@code websocket_tls});
     *                           null for plain text
     */
    public WebSocketChannelInitializer(WebSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels,
                                       List<Supplier<? extends ChannelHandler>> httpRoutes, ConnectionLimit limit,
                                       int maxHttpRequestBody, TlsContext tls) {
        super(channels, config.handshakeTimeout(), config.idleTimeout(), tls == null ? "websocket" : "websocket_tls",
                limit, sessions.metrics(), tls);
        this.config = config;
        this.sessions = sessions;
        this.httpRoutes = List.copyOf(httpRoutes);
        this.maxHttpRequestBody = maxHttpRequestBody;
        this.protocolConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(config.path())
                .checkStartsWith(true)
                .subprotocols(Subprotocols.SUPPORTED)
                .handshakeTimeoutMillis(config.handshakeTimeout().toMillis())
                .maxFramePayloadLength(config.maxFrameSize())
                // RSV1 marks a compressed message: allowed only where permessage-deflate may be negotiated
                .allowExtensions(config.compression())
                .handleCloseFrames(true)
                .dropPongFrames(true)
                // Netty's decoder would write its own close frame past the protocol handler, which then adds
                // a second one (1000) when the connection closes; WebSocketFrameDecoder writes the one frame
                // instead (docs/reliability.md, WebSocket conformance)
                .closeOnProtocolViolation(false)
                .build();
    }

    /** The cap of a WebSocket listener: a refused client gets HTTP 503 with a JSON body. */
    public static ConnectionLimit limit(WebSocketConfig config, RouterMetrics metrics) {
        return new ConnectionLimit("websocket", "api_gateway.http.max_connections", config.maxConnections(),
                HttpErrors.tooManyConnections("api_gateway.http.max_connections", config.maxConnections()), metrics);
    }

    /**
     * The cap of a {@code wss://} listener ({@code api_gateway.https.max_connections}): a refused client is
     * closed before its TLS handshake (an answer would cost the handshake it is refused to save).
     */
    public static ConnectionLimit tlsLimit(int maxConnections, RouterMetrics metrics) {
        return new ConnectionLimit("websocket_tls", "api_gateway.https.max_connections", maxConnections,
                ConnectionLimit.bytes(new byte[0]), metrics);
    }

    @Override
    protected void addTransportHandlers(ChannelPipeline pipeline) {
        // Every HTTP answer on this port closes the connection, and the handshake deadline bounds the wait for
        // the first request: only the request deadline is needed.
        HttpDeadlines deadlines = new HttpDeadlines(config.httpRequestTimeout(), null, listener(),
                sessions.metrics());
        pipeline.addLast(HttpDeadlines.READS, deadlines.reads());
        pipeline.addLast(ChannelHandlerNames.HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast(ChannelHandlerNames.HTTP_AGGREGATOR, new ClosingAggregator(maxHttpRequestBody));
        pipeline.addLast(HttpDeadlines.EXCHANGES, deadlines.exchanges());
        for (int i = 0; i < httpRoutes.size(); i++) {
            pipeline.addLast(i == 0 ? ChannelHandlerNames.HTTP_ROUTES : ChannelHandlerNames.HTTP_ROUTES + "-" + (i + 1),
                    httpRoutes.get(i).get());
        }
        pipeline.addLast(ChannelHandlerNames.WS_UPGRADE_FILTER, new WebSocketUpgradeFilter(config.path()));
        if (config.compression()) {
            // negotiates permessage-deflate on the upgrade; each frame is inflated to at most maxFrameSize
            // bytes (a compression bomb fails with a DecompressionException: WebSocketFrameDecoder closes 1009)
            pipeline.addLast(ChannelHandlerNames.WS_COMPRESSION, new WebSocketServerCompressionHandler(
                    config.maxFrameSize()));
        }
        pipeline.addLast(ChannelHandlerNames.WS_PROTOCOL, new WebSocketServerProtocolHandler(protocolConfig));
        pipeline.addLast(ChannelHandlerNames.WS_FRAME_AGGREGATOR, new WebSocketFrameAggregator(config.maxFrameSize()));
        pipeline.addLast(ChannelHandlerNames.WS_SESSION_STARTER, new WebSocketSessionStarter(sessions));
    }
}
