package io.bondy.transport.rawsocket;

import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.RawSocketConfig;
import io.bondy.transport.pipeline.AbstractWampChannelInitializer;
import io.bondy.transport.pipeline.ChannelHandlerNames;
import io.bondy.transport.pipeline.ConnectionLimit;
import io.bondy.transport.pipeline.SessionHandlerFactory;
import io.bondy.transport.tls.TlsContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;

/**
 * The RawSocket pipeline: the connection cap, the common timers, then the handshake handler, which
 * replaces itself with the frame decoder and the session handler once the client's handshake is accepted.
 */
public final class RawSocketChannelInitializer extends AbstractWampChannelInitializer {

    private final RawSocketConfig config;
    private final SessionHandlerFactory sessions;

    public RawSocketChannelInitializer(RawSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels) {
        this(config, sessions, channels, null);
    }

    /** @param limit the listener's connection cap (refusals get the handshake error 4); null for none */
    public RawSocketChannelInitializer(RawSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels,
                                       ConnectionLimit limit) {
        this(config, sessions, channels, limit, null);
    }

    /** @param tls the listener's TLS context (listener {@code rawsocket_tls}); null for plain text */
    public RawSocketChannelInitializer(RawSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels,
                                       ConnectionLimit limit, TlsContext tls) {
        super(channels, config.handshakeTimeout(), config.idleTimeout(), tls == null ? "rawsocket" : "rawsocket_tls",
                limit, sessions.metrics(), tls);
        this.config = config;
        this.sessions = sessions;
    }

    /** The cap of a RawSocket listener: a refused client gets error 4, "maximum connection count reached". */
    public static ConnectionLimit limit(RawSocketConfig config, RouterMetrics metrics) {
        return new ConnectionLimit("rawsocket", "wamp.tcp.max_connections", config.maxConnections(),
                ConnectionLimit.bytes(RawSocketProtocol.errorReply(RawSocketProtocol.ERROR_CONNECTION_LIMIT)),
                metrics);
    }

    /** The cap of a RawSocket-over-TLS listener ({@code wamp.tls.max_connections}): refused before the handshake. */
    public static ConnectionLimit tlsLimit(int maxConnections, RouterMetrics metrics) {
        return new ConnectionLimit("rawsocket_tls", "wamp.tls.max_connections", maxConnections,
                ConnectionLimit.bytes(new byte[0]), metrics);
    }

    @Override
    protected void addTransportHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(ChannelHandlerNames.RAWSOCKET_HANDSHAKE,
                new RawSocketHandshakeHandler(config.maxMessageLength(), sessions));
    }
}
