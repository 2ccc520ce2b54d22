package io.bondy.transport.pipeline;

import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.tls.TlsContext;
import io.bondy.transport.tls.TlsHandshakeHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import java.time.Duration;

/**
 * The part of every WAMP pipeline that does not depend on the transport: the listener's
 * {@link ConnectionLimit} admits the connection (or refuses it, and nothing else is added), the
 * connection joins the server's channel group (so shutdown can find it), then, on a TLS listener, the
 * {@code SslHandler} (with the certificate current at the accept) and the {@link TlsHandshakeHandler},
 * then the idle timer and
 * the handshake deadline, the transport's own handlers, and last the {@link ExceptionHandler}.
 */
public abstract class AbstractWampChannelInitializer extends ChannelInitializer<Channel> {

    private final ChannelGroup channels;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final String transport;
    private final ConnectionLimit limit;
    private final RouterMetrics metrics;
    private final ExceptionHandler exceptions;
    private final TlsContext tls;

    protected AbstractWampChannelInitializer(ChannelGroup channels, Duration handshakeTimeout,
                                             Duration idleTimeout) {
        this(channels, handshakeTimeout, idleTimeout, "unknown", null, RouterMetrics.NOOP);
    }

    /**
     * @param transport the listener's name in logs and metrics ({@code websocket}, {@code rawsocket})
     * @param limit     the listener's connection cap; null for none
     */
    protected AbstractWampChannelInitializer(ChannelGroup channels, Duration handshakeTimeout, Duration idleTimeout,
                                             String transport, ConnectionLimit limit, RouterMetrics metrics) {
        this(channels, handshakeTimeout, idleTimeout, transport, limit, metrics, null);
    }

    /**
     * @param transport the listener's name in logs and metrics ({@code websocket}, {@code rawsocket},
     *                  {@code websocket_tls}, {@code rawsocket_tls})
     * @param limit     the listener's connection cap; null for none
     * @param tls       the listener's TLS context; null for plain text
     */
    protected AbstractWampChannelInitializer(ChannelGroup channels, Duration handshakeTimeout, Duration idleTimeout,
                                             String transport, ConnectionLimit limit, RouterMetrics metrics,
                                             TlsContext tls) {
        this.tls = tls;
        this.channels = channels;
        this.handshakeTimeout = handshakeTimeout;
        this.idleTimeout = idleTimeout;
        this.transport = transport;
        this.limit = limit;
        this.metrics = metrics == null ? RouterMetrics.NOOP : metrics;
        this.exceptions = new ExceptionHandler(this.metrics, transport);
    }

    @Override
    protected final void initChannel(Channel channel) {
        if (limit != null && !limit.admit(channel)) {
            return;
        }
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast(ChannelHandlerNames.TLS, tls.newHandler(channel.alloc()));
            pipeline.addLast(ChannelHandlerNames.TLS_HANDSHAKE, new TlsHandshakeHandler(transport, metrics));
        }
        pipeline.addLast(ChannelHandlerNames.IDLE, new IdleCloseHandler(idleTimeout));
        pipeline.addLast(ChannelHandlerNames.HANDSHAKE_TIMEOUT,
                new HandshakeTimeoutHandler(handshakeTimeout, transport, metrics));
        addTransportHandlers(pipeline);
        pipeline.addLast(ChannelHandlerNames.EXCEPTIONS, exceptions);
    }

    /** The listener's name in logs and metrics. */
    protected final String listener() {
        return transport;
    }

    /** Adds the transport's handlers, which later insert theirs before {@link ChannelHandlerNames#EXCEPTIONS}. */
    protected abstract void addTransportHandlers(ChannelPipeline pipeline);
}
