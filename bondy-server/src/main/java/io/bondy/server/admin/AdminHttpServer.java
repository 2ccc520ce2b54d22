package io.bondy.server.admin;

import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.http.ClosingAggregator;
import io.bondy.transport.http.HttpDeadlines;
import io.bondy.transport.http.HttpErrors;
import io.bondy.transport.pipeline.ChannelHandlerNames;
import io.bondy.transport.pipeline.ConnectionLimit;
import io.bondy.transport.tls.TlsContext;
import io.bondy.transport.tls.TlsHandshakeHandler;
import io.bondy.transport.tls.TlsListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP listener (default 127.0.0.1:18081) and its HTTPS twin ({@code admin_api.https.*}, off by
 * default; the same routes and limits over TLS): {@code GET /ping}, {@code /ready},
 * {@code /metrics}, and the admin REST API when one is given. One event-loop thread of its own, so a
 * busy WAMP listener cannot starve health checks; API requests run on two worker threads with a
 * bounded queue. Requests are small: bodies over 64 KiB are refused (413, then close).
 *
 * <p>Bounded per connection and per listener ({@link AdminHttpConfig}): a request must arrive whole
 * within the request timeout (else 408 and close), a keep-alive connection may wait for its next
 * request for the idle timeout, an answer that leaves the request stream in doubt (400, 408, 413,
 * 414, 431) closes the connection, and past {@code max_connections} open connections a new one is
 * answered 503 and closed.
 */
public final class AdminHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int API_THREADS = 2;
    private static final int API_QUEUE = 256;
    /** The listener's name in metrics and logs. */
    static final String LISTENER = "admin_http";
    /** The HTTPS listener's name in metrics and logs. */
    static final String TLS_LISTENER = "admin_https";

    private final AdminHttpConfig config;
    private final Map<String, Supplier<HttpReply>> routes;
    private final Function<AdminRequest, HttpReply> api;
    private final RouterMetrics metrics;
    private final ConnectionLimit limit;
    private final ConnectionLimit tlsLimit;
    private final TlsContext tls;
    private EventLoopGroup group;
    private ThreadPoolExecutor apiExecutor;
    private Channel listener;
    private Channel tlsListener;

    public AdminHttpServer(AdminHttpConfig config, Map<String, Supplier<HttpReply>> routes) {
        this(config, routes, null);
    }

    /** @param api answers every path not in {@code routes}; null for none (404) */
    public AdminHttpServer(AdminHttpConfig config, Map<String, Supplier<HttpReply>> routes,
                           Function<AdminRequest, HttpReply> api) {
        this(config, routes, api, RouterMetrics.NOOP);
    }

    /** @param metrics counts refused connections and expired deadlines (listener {@code admin_http}) */
    public AdminHttpServer(AdminHttpConfig config, Map<String, Supplier<HttpReply>> routes,
                           Function<AdminRequest, HttpReply> api, RouterMetrics metrics) {
        this(config, routes, api, metrics, null);
    }

    /**
     * @param tls the HTTPS listener's context ({@code admin_api.https.*}); null when it is off
     */
    public AdminHttpServer(AdminHttpConfig config, Map<String, Supplier<HttpReply>> routes,
                           Function<AdminRequest, HttpReply> api, RouterMetrics metrics, TlsContext tls) {
        if (config.https().enabled() && tls == null) {
            throw new IllegalArgumentException("admin_api.https.enabled is on but no TLS context was given");
        }
        this.tls = config.https().enabled() ? tls : null;
        this.tlsLimit = new ConnectionLimit(TLS_LISTENER, "admin_api.https.max_connections",
                config.https().maxConnections(), ConnectionLimit.bytes(new byte[0]), metrics);
        this.config = config;
        this.routes = Map.copyOf(routes);
        this.api = api;
        this.metrics = metrics;
        this.limit = new ConnectionLimit(LISTENER, "admin_api.http.max_connections", config.maxConnections(),
                HttpErrors.tooManyConnections("admin_api.http.max_connections", config.maxConnections()), metrics);
    }

    public synchronized void start() {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bondy-admin-http"), NioIoHandler.newFactory());
        apiExecutor = new ThreadPoolExecutor(API_THREADS, API_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(API_QUEUE), new DefaultThreadFactory("bondy-admin-api", true));
        if (config.enabled()) {
            listener = bind(config.host(), config.port(), "HTTP", LISTENER, limit, null);
            LOG.info("Admin HTTP listening on http://{}:{} (/ping, /ready, /metrics{})", config.host(), port(),
                    api == null ? "" : ", /realms/...");
        }
        if (tls != null) {
            TlsListener https = config.https();
            tlsListener = bind(https.host(), https.port(), "HTTPS", TLS_LISTENER, tlsLimit, tls);
            LOG.info("Admin HTTP listening on https://{}:{} (/ping, /ready, /metrics{})", https.host(), tlsPort(),
                    api == null ? "" : ", /realms/...");
        }
    }

    private Channel bind(String host, int port, String what, String name, ConnectionLimit cap, TlsContext context) {
        try {
            return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!cap.admit(ch)) {
                                return;
                            }
                            if (context != null) {
                                ch.pipeline().addLast(ChannelHandlerNames.TLS, context.newHandler(ch.alloc()))
                                        .addLast(ChannelHandlerNames.TLS_HANDSHAKE,
                                                new TlsHandshakeHandler(name, metrics));
                            }
                            // the idle deadline runs from the accept: it also bounds a TLS handshake
                            HttpDeadlines deadlines = new HttpDeadlines(config.requestTimeout(), config.idleTimeout(),
                                    name, metrics);
                            ch.pipeline().addLast(HttpDeadlines.READS, deadlines.reads())
                                    .addLast("http-codec", new HttpServerCodec())
                                    .addLast("http-aggregator", new ClosingAggregator(MAX_REQUEST_BYTES))
                                    .addLast(HttpDeadlines.EXCHANGES, deadlines.exchanges())
                                    .addLast("admin-routes", new AdminHttpHandler(routes, api, apiExecutor));
                        }
                    })
                    .bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("Cannot listen for the admin " + what + " API on " + host + ":"
                    + port + ": " + e.getMessage(), e);
        }
    }

    /** Connections open now (for tests and diagnostics). */
    public int openConnections() {
        return limit.open();
    }

    /** The plain listener's port; fails when {@code admin_api.http.enabled} is off. */
    public int port() {
        if (listener == null) {
            throw new IllegalStateException("the admin HTTP listener is not running (admin_api.http.enabled)");
        }
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The HTTPS listener's port; fails when {@code admin_api.https.enabled} is off. */
    public int tlsPort() {
        if (tlsListener == null) {
            throw new IllegalStateException("the admin HTTPS listener is not running (admin_api.https.enabled)");
        }
        return ((InetSocketAddress) tlsListener.localAddress()).getPort();
    }

    /** The HTTPS listener's TLS context, if it is on. */
    public java.util.Optional<TlsContext> tlsContext() {
        return java.util.Optional.ofNullable(tls);
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
            listener = null;
        }
        if (tlsListener != null) {
            tlsListener.close().syncUninterruptibly();
            tlsListener = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
        if (apiExecutor != null) {
            apiExecutor.shutdown();
            apiExecutor = null;
        }
    }
}
