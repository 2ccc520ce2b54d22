package io.bondy.server.admin;

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
 * bounded queue. Requests are small: bodies over 64 KiB are refused (413).
 */
public final class AdminHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int API_THREADS = 2;
    private static final int API_QUEUE = 256;

    private final AdminHttpConfig config;
    private final Map<String, Supplier<HttpReply>> routes;
    private final Function<AdminRequest, HttpReply> api;
    private EventLoopGroup group;
    private ThreadPoolExecutor apiExecutor;
    private Channel listener;

    public AdminHttpServer(AdminHttpConfig config, Map<String, Supplier<HttpReply>> routes) {
        this(config, routes, null);
    }

    /** @param api answers every path not in {@code routes}; null for none (404) */
    public AdminHttpServer(AdminHttpConfig config, Map<String, Supplier<HttpReply>> routes,
                           Function<AdminRequest, HttpReply> api) {
        this.config = config;
        this.routes = Map.copyOf(routes);
        this.api = api;
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
                            ch.pipeline().addLast("http-codec", new HttpServerCodec())
                                    .addLast("http-aggregator", new JsonAggregator(MAX_REQUEST_BYTES))
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
