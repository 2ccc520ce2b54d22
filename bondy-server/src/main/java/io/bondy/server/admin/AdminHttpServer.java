package io.bondy.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP listener (default 127.0.0.1:18081): {@code GET /ping}, {@code /ready},
 * {@code /metrics}. One event-loop thread of its own, so a busy WAMP listener cannot starve health
 * checks. Requests are small: bodies over 64 KiB are refused.
 */
public final class AdminHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final AdminHttpConfig config;
    private final Map<String, Supplier<HttpReply>> routes;
    private EventLoopGroup group;
    private Channel listener;

    public AdminHttpServer(AdminHttpConfig config, Map<String, Supplier<HttpReply>> routes) {
        this.config = config;
        this.routes = Map.copyOf(routes);
    }

    public synchronized void start() {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bondy-admin-http"), NioIoHandler.newFactory());
        try {
            listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("http-codec", new HttpServerCodec())
                                    .addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast("admin-routes", new AdminHttpHandler(routes));
                        }
                    })
                    .bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("Cannot listen for the admin HTTP API on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        LOG.info("Admin HTTP listening on http://{}:{} (/ping, /ready, /metrics)", config.host(), port());
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
    }
}
