package io.bondy.server.admin;

import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.http.ClosingAggregator;
import io.bondy.transport.http.HttpDeadlines;
import io.bondy.transport.http.HttpErrors;
import io.bondy.transport.pipeline.ConnectionLimit;
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
 * The admin HTTP listener (default 127.0.0.1:18081): {@code GET /ping}, {@code /ready},
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

    private final AdminHttpConfig config;
    private final Map<String, Supplier<HttpReply>> routes;
    private final Function<AdminRequest, HttpReply> api;
    private final RouterMetrics metrics;
    private final ConnectionLimit limit;
    private EventLoopGroup group;
    private ThreadPoolExecutor apiExecutor;
    private Channel listener;

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
        try {
            listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!limit.admit(ch)) {
                                return;
                            }
                            HttpDeadlines deadlines = new HttpDeadlines(config.requestTimeout(), config.idleTimeout(),
                                    LISTENER, metrics);
                            ch.pipeline().addLast(HttpDeadlines.READS, deadlines.reads())
                                    .addLast("http-codec", new HttpServerCodec())
                                    .addLast("http-aggregator", new ClosingAggregator(MAX_REQUEST_BYTES))
                                    .addLast(HttpDeadlines.EXCHANGES, deadlines.exchanges())
                                    .addLast("admin-routes", new AdminHttpHandler(routes, api, apiExecutor));
                        }
                    })
                    .bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("Cannot listen for the admin HTTP API on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        LOG.info("Admin HTTP listening on http://{}:{} (/ping, /ready, /metrics{})", config.host(), port(),
                api == null ? "" : ", /realms/...");
    }

    /** Connections open now (for tests and diagnostics). */
    public int openConnections() {
        return limit.open();
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
            listener = null;
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
