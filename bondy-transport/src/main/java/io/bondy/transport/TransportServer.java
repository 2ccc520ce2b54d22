package io.bondy.transport;

import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.pipeline.SessionHandlerFactory;
import io.bondy.transport.rawsocket.RawSocketChannelInitializer;
import io.bondy.transport.tls.TlsContext;
import io.bondy.transport.tls.TlsListener;
import io.bondy.transport.tls.TlsProviders;
import io.bondy.transport.websocket.WebSocketChannelInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WAMP listeners of one router: WebSocket ({@code ws://host:port/ws}), RawSocket
 * ({@code tcp://host:port}), and their TLS twins ({@code wss://host:port/ws}, RawSocket over TLS) on
 * ports of their own, each when enabled, on shared Netty event loops (epoll on Linux when
 * {@link TransportConfig#preferNativeTransport()}, NIO otherwise).
 *
 * <pre>{@code
 * try (TransportServer server = new TransportServer(config, router, metrics)) {
 *     server.start();
 *     int port = server.webSocketPort();   // the port actually bound (config port 0 = any free one)
 * }
 * }</pre>
 *
 * <p>Threading: {@link #start} and {@link #close} are synchronized; each connection lives on one
 * event loop. Not restartable: a closed server stays closed.
 */
public final class TransportServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransportServer.class);
    /** How long {@link #close} lets sessions answer GOODBYE and flush before closing them. */
    private static final long DRAIN_MILLIS = 1000;

    private final TransportConfig config;
    private final Router router;
    private final RouterMetrics metrics;
    private final ChannelGroup connections = new DefaultChannelGroup("wamp-connections", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private final List<Supplier<? extends ChannelHandler>> httpRoutes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile int maxHttpRequestBody = WebSocketChannelInitializer.DEFAULT_MAX_HTTP_REQUEST_BODY;
    private volatile int webSocketPort = -1;
    private volatile int rawSocketPort = -1;
    private volatile int webSocketTlsPort = -1;
    private volatile int rawSocketTlsPort = -1;
    private final TlsContext webSocketTls;
    private final TlsContext rawSocketTls;
    private boolean started;
    private boolean closed;

    public TransportServer(TransportConfig config, Router router) {
        this(config, router, RouterMetrics.NOOP);
    }

    /**
     * Checks the configuration and loads the TLS listeners' certificates.
     *
     * @throws IllegalArgumentException if the configuration is invalid (the message names the field)
     * @throws io.bondy.transport.tls.TlsConfigException if a certificate, key or CA file is unusable (the
     *         message names the key, the file and what is wrong)
     */
    public TransportServer(TransportConfig config, Router router, RouterMetrics metrics) {
        TransportConfigCheck.check(config);
        this.config = config;
        this.router = router;
        this.metrics = metrics == null ? RouterMetrics.NOOP : metrics;
        this.webSocketTls = tls("api_gateway.https", config.websocketTls(), config.tlsProvider());
        this.rawSocketTls = tls("wamp.tls", config.rawsocketTls(), config.tlsProvider());
    }

    private static TlsContext tls(String name, TlsListener listener, TlsProviders.Choice provider) {
        return listener.enabled() ? TlsContext.create(name, listener.tls(), TlsProviders.select(provider)) : null;
    }

    /** The TLS contexts of the enabled TLS listeners (for reloading their certificates). */
    public List<TlsContext> tlsContexts() {
        List<TlsContext> all = new ArrayList<>();
        if (webSocketTls != null) {
            all.add(webSocketTls);
        }
        if (rawSocketTls != null) {
            all.add(rawSocketTls);
        }
        return all;
    }

    /**
     * Serves other HTTP routes on the WebSocket port: {@code handlers} makes, per connection, a handler
     * that answers the requests it knows (e.g. the API gateway's {@code /oauth/token}) and passes every
     * other message on. Call before {@link #start}; several calls add handlers in order (the first
     * sees each request first). Returns this server.
     */
    public TransportServer withHttpRoutes(Supplier<? extends ChannelHandler> handlers) {
        this.httpRoutes.add(handlers);
        return this;
    }

    /**
     * The largest HTTP request body the WebSocket port aggregates (a larger one is a closing 413); the
     * default suits upgrades and token requests ({@value WebSocketChannelInitializer#DEFAULT_MAX_HTTP_REQUEST_BODY}
     * bytes), the API gateway raises it. Call before {@link #start}. Returns this server.
     */
    public TransportServer withMaxHttpRequestBody(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("the HTTP request body limit must be at least 1024 bytes, got " + bytes);
        }
        this.maxHttpRequestBody = bytes;
        return this;
    }

    /**
     * Binds the enabled listeners.
     *
     * @throws TransportStartException naming host:port when a listener cannot bind; nothing is left open
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the transport server was already started");
        }
        started = true;
        IoTransport io = IoTransport.choose(config.preferNativeTransport());
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bondy-accept"), io.handlers().get());
        workers = new MultiThreadIoEventLoopGroup(config.effectiveIoThreads(), new DefaultThreadFactory("bondy-io"),
                io.handlers().get());
        SessionHandlerFactory sessions = new SessionHandlerFactory(router, metrics, config.maxOutboundBytes());
        try {
            WebSocketConfig ws = config.websocket();
            if (ws != null && ws.enabled()) {
                webSocketPort = bind(io, ws.host(), ws.port(), "WebSocket",
                        new WebSocketChannelInitializer(ws, sessions, connections, List.copyOf(httpRoutes),
                                WebSocketChannelInitializer.limit(ws, metrics), maxHttpRequestBody));
                LOG.info("WAMP WebSocket listening on ws://{}:{}{} ({}, {})", ws.host(), webSocketPort, ws.path(),
                        serializers(), io.name());
            }
            TlsListener wss = config.websocketTls();
            if (wss.enabled()) {
                webSocketTlsPort = bind(io, wss.host(), wss.port(), "WebSocket over TLS",
                        new WebSocketChannelInitializer(ws, sessions, connections, List.copyOf(httpRoutes),
                                WebSocketChannelInitializer.tlsLimit(wss.maxConnections(), metrics), maxHttpRequestBody,
                                webSocketTls));
                LOG.info("WAMP WebSocket listening on wss://{}:{}{} ({}, {})", wss.host(), webSocketTlsPort, ws.path(),
                        serializers(), io.name());
            }
            RawSocketConfig raw = config.rawsocket();
            TlsListener rawTls = config.rawsocketTls();
            if (rawTls.enabled()) {
                rawSocketTlsPort = bind(io, rawTls.host(), rawTls.port(), "RawSocket over TLS",
                        new RawSocketChannelInitializer(raw, sessions, connections,
                                RawSocketChannelInitializer.tlsLimit(rawTls.maxConnections(), metrics), rawSocketTls));
                LOG.info("WAMP RawSocket listening on tcps://{}:{} (TLS; {}; messages up to {} bytes, {})",
                        rawTls.host(), rawSocketTlsPort, serializers(), raw.maxMessageLength(), io.name());
            }
            if (raw != null && raw.enabled()) {
                rawSocketPort = bind(io, raw.host(), raw.port(), "RawSocket",
                        new RawSocketChannelInitializer(raw, sessions, connections,
                                RawSocketChannelInitializer.limit(raw, metrics)));
                LOG.info("WAMP RawSocket listening on tcp://{}:{} ({}; messages up to {} bytes, {})", raw.host(),
                        rawSocketPort, serializers(), raw.maxMessageLength(), io.name());
            }
        } catch (RuntimeException e) {
            closed = true; // nothing was served: no sessions to say goodbye to
            stopEventLoops();
            throw e;
        }
    }

    /** The port the WebSocket listener is bound to. */
    public int webSocketPort() {
        return boundPort(webSocketPort, "WebSocket");
    }

    /** The port the RawSocket listener is bound to. */
    public int rawSocketPort() {
        return boundPort(rawSocketPort, "RawSocket");
    }

    /** The port the {@code wss://} listener is bound to. */
    public int webSocketTlsPort() {
        return boundPort(webSocketTlsPort, "WebSocket over TLS");
    }

    /** The port the RawSocket-over-TLS listener is bound to. */
    public int rawSocketTlsPort() {
        return boundPort(rawSocketTlsPort, "RawSocket over TLS");
    }

    /**
     * Stops listening, says GOODBYE to every session ({@link Router#shutdown()}), gives connections
     * up to a second to answer and flush, closes those left, and stops the event loops.
     */
    @Override
    public synchronized void close() {
        if (closed || !started) {
            closed = true;
            return;
        }
        closed = true;
        listeners.forEach(listener -> listener.close().awaitUninterruptibly());
        router.shutdown();
        if (!connections.newCloseFuture().awaitUninterruptibly(DRAIN_MILLIS)) {
            LOG.info("Closing {} WAMP connection(s) still open after {} ms", connections.size(), DRAIN_MILLIS);
        }
        connections.close().awaitUninterruptibly(DRAIN_MILLIS);
        stopEventLoops();
        LOG.info("WAMP transports stopped");
    }

    private int bind(IoTransport io, String host, int port, String what, ChannelInitializer<Channel> initializer) {
        int high = config.outboundHighWaterMark();
        ChannelFuture bound = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(io.serverChannel())
                .childHandler(initializer)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
                .bind(host, port)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new TransportStartException("Cannot listen for WAMP " + what + " on " + host + ":" + port + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        listeners.add(bound.channel());
        return ((InetSocketAddress) bound.channel().localAddress()).getPort();
    }

    private void stopEventLoops() {
        listeners.forEach(listener -> listener.close().awaitUninterruptibly());
        var a = acceptors.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS);
        var w = workers.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS);
        a.awaitUninterruptibly(5, TimeUnit.SECONDS);
        w.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static int boundPort(int port, String what) {
        if (port < 0) {
            throw new IllegalStateException("the " + what + " listener is not running");
        }
        return port;
    }

    private static String serializers() {
        return Arrays.stream(SerializerKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
