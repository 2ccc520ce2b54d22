package io.bondy.transport.pipeline;

import io.bondy.core.spi.RouterMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import java.time.Duration;

/**
 * The part of every WAMP pipeline that does not depend on the transport: the connection joins the
 * server's channel group (so shutdown can find it), then come the idle and handshake timers, the
 * transport's own handlers, and last the {@link ExceptionHandler}.
 */
public abstract class AbstractWampChannelInitializer extends ChannelInitializer<Channel> {

    private final ChannelGroup channels;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;

    private final ExceptionHandler exceptions;

    protected AbstractWampChannelInitializer(ChannelGroup channels, Duration handshakeTimeout,
                                             Duration idleTimeout) {
        this(channels, handshakeTimeout, idleTimeout, RouterMetrics.NOOP, "unknown");
    }

    /** @param transport {@code websocket} or {@code rawsocket}: how {@code metrics} tags transport errors */
    protected AbstractWampChannelInitializer(ChannelGroup channels, Duration handshakeTimeout,
                                             Duration idleTimeout, RouterMetrics metrics, String transport) {
        this.channels = channels;
        this.handshakeTimeout = handshakeTimeout;
        this.idleTimeout = idleTimeout;
        this.exceptions = new ExceptionHandler(metrics, transport);
    }

    @Override
    protected final void initChannel(Channel channel) {
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(ChannelHandlerNames.IDLE, new IdleCloseHandler(idleTimeout));
        pipeline.addLast(ChannelHandlerNames.HANDSHAKE_TIMEOUT, new HandshakeTimeoutHandler(handshakeTimeout));
        addTransportHandlers(pipeline);
        pipeline.addLast(ChannelHandlerNames.EXCEPTIONS, exceptions);
    }

    /** Adds the transport's handlers, which later insert theirs before {@link ChannelHandlerNames#EXCEPTIONS}. */
    protected abstract void addTransportHandlers(ChannelPipeline pipeline);
}
