package io.bondy.transport.rawsocket;

import io.bondy.transport.RawSocketConfig;
import io.bondy.transport.pipeline.AbstractWampChannelInitializer;
import io.bondy.transport.pipeline.ChannelHandlerNames;
import io.bondy.transport.pipeline.SessionHandlerFactory;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;

/**
 * The RawSocket pipeline: the common timers, then the handshake handler, which replaces itself with
 * the frame decoder and the session handler once the client's handshake is accepted.
 */
public final class RawSocketChannelInitializer extends AbstractWampChannelInitializer {

    private final RawSocketConfig config;
    private final SessionHandlerFactory sessions;

    public RawSocketChannelInitializer(RawSocketConfig config, SessionHandlerFactory sessions, ChannelGroup channels) {
        super(channels, config.handshakeTimeout(), config.idleTimeout(), sessions.metrics(), "rawsocket");
        this.config = config;
        this.sessions = sessions;
    }

    @Override
    protected void addTransportHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(ChannelHandlerNames.RAWSOCKET_HANDSHAKE,
                new RawSocketHandshakeHandler(config.maxMessageLength(), sessions));
    }
}
