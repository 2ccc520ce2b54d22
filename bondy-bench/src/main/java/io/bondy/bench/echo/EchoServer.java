package io.bondy.bench.echo;

import io.bondy.bench.client.IoFlavour;
import io.bondy.core.serialization.SerializerKind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The physical baseline: a bare Netty server with the same I/O flavour, socket options and
 * WebSocket subprotocols as Bondy, that does no WAMP work at all.
 * <ul>
 *   <li>{@code ws://host:port/ws}: echoes every WebSocket message back to its sender;</li>
 *   <li>{@code ws://host:port/broadcast}: sends every message to all other {@code /broadcast}
 *       connections (one shared buffer, a duplicate per member);</li>
 *   <li>{@code ws://host:port/relay/KEY}: two connections per KEY, every message of one is sent to
 *       the other (a call's two hops without a router: {@code RelayRequester});</li>
 *   <li>RawSocket on its own port: accepts the handshake for any serializer and echoes every frame;</li>
 *   <li>plain HTTP/1.1 on its own port (optional): answers every request 200 with its own body, keep-alive
 *       ({@link HttpEchoHandler}: the bound of the {@code gateway} workload).</li>
 * </ul>
 * Threading: Netty's; {@link #start} and {@link #close} from one thread.
 */
public final class EchoServer implements AutoCloseable {

    static final int MAX_MESSAGE = 16 * 1024 * 1024;
    private static final String SUBPROTOCOLS = Arrays.stream(SerializerKind.values())
            .map(SerializerKind::subprotocol).collect(Collectors.joining(","));

    private final String host;
    private final IoFlavour io = IoFlavour.choose();
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ChannelGroup broadcast = new DefaultChannelGroup("broadcast", GlobalEventExecutor.INSTANCE);
    private final RelayPairs relays = new RelayPairs();
    private Channel wsListener;
    private Channel rawListener;
    private Channel httpListener;

    /**
     * @param ioThreads worker threads; 0 = as many as Bondy starts for {@code wamp.io_threads = 0}
     *                  (one per two cores, at least one), so the baseline has the same loops
     */
    public EchoServer(String host, int ioThreads) {
        this.host = host;
        this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("echo-accept"),
                io.handlers().get());
        this.workers = new MultiThreadIoEventLoopGroup(
                ioThreads > 0 ? ioThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                new DefaultThreadFactory("echo-io"),
                io.handlers().get());
    }

    /** Binds the WebSocket and RawSocket listeners (port 0 = any free port). */
    public void start(int wsPort, int rawPort) {
        start(wsPort, rawPort, -1);
    }

    /** Binds the listeners (port 0 = any free port); {@code httpPort < 0}: no plain HTTP listener. */
    public void start(int wsPort, int rawPort, int httpPort) {
        wsListener = bind(wsPort, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                p.addLast(new HttpServerCodec());
                p.addLast(new HttpObjectAggregator(64 * 1024));
                p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath("/")
                        .checkStartsWith(true)
                        .subprotocols(SUBPROTOCOLS)
                        .maxFramePayloadLength(MAX_MESSAGE)
                        .build()));
                p.addLast(new WebSocketFrameAggregator(MAX_MESSAGE));
                p.addLast(new WebSocketEchoHandler(broadcast, relays));
            }
        });
        rawListener = bind(rawPort, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new RawSocketEchoHandshake());
                ch.pipeline().addLast(new RawSocketEchoHandler());
            }
        });
        if (httpPort >= 0) {
            httpListener = bind(httpPort, new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpServerCodec());
                    ch.pipeline().addLast(new HttpObjectAggregator(64 * 1024));
                    ch.pipeline().addLast(new HttpEchoHandler());
                }
            });
        }
    }

    /** The plain HTTP port, or -1 when there is none. */
    public int httpPort() {
        return httpListener == null ? -1 : ((InetSocketAddress) httpListener.localAddress()).getPort();
    }

    public int webSocketPort() {
        return ((InetSocketAddress) wsListener.localAddress()).getPort();
    }

    public int rawSocketPort() {
        return ((InetSocketAddress) rawListener.localAddress()).getPort();
    }

    public String ioName() {
        return io.name();
    }

    private Channel bind(int port, ChannelInitializer<Channel> initializer) {
        return new ServerBootstrap()
                .group(acceptors, workers)
                .channel(io.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(host, port)
                .syncUninterruptibly()
                .channel();
    }

    @Override
    public void close() {
        if (wsListener != null) {
            wsListener.close().awaitUninterruptibly();
        }
        if (rawListener != null) {
            rawListener.close().awaitUninterruptibly();
        }
        if (httpListener != null) {
            httpListener.close().awaitUninterruptibly();
        }
        broadcast.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
