package io.bondy.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens load-generator connections: WebSocket through Netty's {@link WebSocketClientHandshaker}
 * (offering the serializer's {@code wamp.2.*} subprotocol and checking the server chose it), or
 * RawSocket through the 4-octet handshake. All connections share one event-loop group.
 *
 * <p>Threading: {@link #connect} from any thread; the returned future completes on the
 * connection's event loop.
 */
public final class Connector implements AutoCloseable {

    static final int MAX_MESSAGE = 16 * 1024 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final IoFlavour io;
    private final EventLoopGroup group;

    /** @param threads event-loop threads (0 = Netty's default, twice the available processors) */
    public Connector(int threads) {
        this.io = IoFlavour.choose();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-client"),
                io.handlers().get());
    }

    public String ioName() {
        return io.name();
    }

    /** The socket channel class of this I/O flavour (for other clients on {@link #group()}). */
    public Class<? extends Channel> channelClass() {
        return io.channel();
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Connects and completes the transport handshake; the future fails if either fails or times out. */
    public CompletableFuture<BenchConnection> connect(Endpoint endpoint, FrameListener listener) {
        CompletableFuture<BenchConnection> ready = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(io.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ConnectionHandler handler = new ConnectionHandler(endpoint, listener, ready);
                        if (endpoint.transport() == Transport.WEBSOCKET) {
                            initWebSocket(ch.pipeline(), endpoint, handler);
                        } else {
                            initRawSocket(ch.pipeline(), endpoint, handler);
                        }
                    }
                });
        bootstrap.connect(endpoint.host(), endpoint.port()).addListener(f -> {
            if (!f.isSuccess()) {
                ready.completeExceptionally(f.cause());
            }
        });
        return ready.orTimeout(CONNECT_TIMEOUT_MILLIS + HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void initWebSocket(ChannelPipeline p, Endpoint endpoint, ConnectionHandler handler) {
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(
                endpoint.webSocketUri(), WebSocketVersion.V13, endpoint.serializer().subprotocol(), false,
                EmptyHttpHeaders.INSTANCE, MAX_MESSAGE);
        p.addLast("http", new HttpClientCodec());
        p.addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
        p.addLast("ws-protocol", new WebSocketClientProtocolHandler(handshaker, true, HANDSHAKE_TIMEOUT_MILLIS));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE));
        p.addLast("wamp", handler);
    }

    private static void initRawSocket(ChannelPipeline p, Endpoint endpoint, ConnectionHandler handler) {
        p.addLast("raw-handshake", new RawSocketHandshakeDecoder(endpoint.serializer().rawSocketId(),
                () -> new LengthFieldBasedFrameDecoder(MAX_MESSAGE + 4, 1, 3, 0, 0)));
        p.addLast("wamp", handler);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
