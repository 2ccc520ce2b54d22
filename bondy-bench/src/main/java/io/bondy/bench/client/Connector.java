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
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * Opens load-generator connections: WebSocket through Netty's {@link WebSocketClientHandshaker}
 * (offering the serializer's {@code wamp.2.*} subprotocol and checking the server chose it), or
 * RawSocket through the 4-octet handshake. All connections share one event-loop group. An endpoint with
 * {@code tls} first does a TLS handshake that verifies the server's certificate against the CA given to
 * {@link #trust(Path)} and its address (HTTPS endpoint identification: 127.0.0.1 must be an IP SAN); nothing
 * is skipped. What each TLS connection negotiated is kept for the report ({@link #tlsSessions()}).
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
    private final Set<String> tlsSessions = ConcurrentHashMap.newKeySet();
    private volatile SslContext tls;
    private volatile String tlsProvider = "none";

    /** @param threads event-loop threads (0 = Netty's default, twice the available processors) */
    public Connector(int threads) {
        this.io = IoFlavour.choose();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-client"),
                io.handlers().get());
    }

    public String ioName() {
        return io.name();
    }

    /**
     * Trusts only the PEM CA certificates in {@code caFile} for TLS endpoints, through BoringSSL
     * (netty-tcnative) when its native library loads, as Bondy's listeners do, or the JDK's provider.
     */
    public void trust(Path caFile) {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        try {
            tls = SslContextBuilder.forClient().sslProvider(provider).trustManager(caFile.toFile())
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA file " + caFile, e);
        }
        tlsProvider = provider == SslProvider.OPENSSL ? OpenSsl.versionString() + " via netty-tcnative"
                : "JDK " + System.getProperty("java.version");
    }

    /** The client's TLS implementation, {@code none} before {@link #trust(Path)}. */
    public String tlsProvider() {
        return tlsProvider;
    }

    /** What the TLS connections so far negotiated, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256}. */
    public Set<String> tlsSessions() {
        return new TreeSet<>(tlsSessions);
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
                        if (endpoint.tls()) {
                            ch.pipeline().addLast("tls", tlsHandler(ch, endpoint));
                        }
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

    private SslHandler tlsHandler(Channel ch, Endpoint endpoint) {
        SslContext context = tls;
        if (context == null) {
            throw new IllegalStateException(endpoint.label() + " needs a trusted CA: call trust(caFile) first");
        }
        SslHandler handler = context.newHandler(ch.alloc(), endpoint.host(), endpoint.port());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        handler.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                SSLSession session = engine.getSession();
                tlsSessions.add(session.getProtocol() + " " + session.getCipherSuite());
            }
        });
        return handler;
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
