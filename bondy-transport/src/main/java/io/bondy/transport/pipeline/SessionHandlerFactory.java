package io.bondy.transport.pipeline;

import io.bondy.core.router.Router;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.TransportInfo;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * Builds the {@link WampSessionHandler} (and its {@link NettyPeer}) a transport installs once its
 * handshake has chosen a serializer. Immutable; shared by all connections of a server.
 */
public final class SessionHandlerFactory {

    private final Router router;
    private final RouterMetrics metrics;
    private final long maxOutboundBytes;

    /**
     * @param maxOutboundBytes bytes that may be queued for one connection before messages to it
     *                         are dropped
     */
    public SessionHandlerFactory(Router router, RouterMetrics metrics, long maxOutboundBytes) {
        this.router = router;
        this.metrics = metrics;
        this.maxOutboundBytes = maxOutboundBytes;
    }

    /** What the transports count. */
    public RouterMetrics metrics() {
        return metrics;
    }

    /**
     * @param transportType {@code websocket} or {@code rawsocket}
     * @param framing       how messages to this connection are framed
     */
    public WampSessionHandler create(Channel channel, String transportType, SerializerKind kind,
                                     OutboundFraming framing) {
        InetSocketAddress remote = channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
        TransportInfo info = new TransportInfo(transportType, kind, remote);
        Serializer serializer = Serializers.of(kind);
        NettyPeer peer = new NettyPeer(channel, info, serializer, framing, maxOutboundBytes, metrics);
        return new WampSessionHandler(router, serializer, peer, metrics);
    }
}
