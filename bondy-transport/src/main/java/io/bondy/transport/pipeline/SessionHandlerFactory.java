package io.bondy.transport.pipeline;

import io.bondy.core.router.Router;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.TransportInfo;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

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
     * The client certificate of a TLS connection, verified by the listener's trust manager during the
     * handshake (which is over before any WAMP byte is read); null without one.
     */
    static X509Certificate clientCertificate(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            return null;
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no certificate asked for, or none given (client_auth = optional)
        }
    }

    /**
     * @param transportType {@code websocket} or {@code rawsocket}
     * @param framing       how messages to this connection are framed
     */
    public WampSessionHandler create(Channel channel, String transportType, SerializerKind kind,
                                     OutboundFraming framing) {
        InetSocketAddress remote = channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
        TransportInfo info = new TransportInfo(transportType, kind, remote, clientCertificate(channel));
        Serializer serializer = Serializers.of(kind);
        NettyPeer peer = new NettyPeer(channel, info, serializer, framing, maxOutboundBytes, metrics);
        return new WampSessionHandler(router, serializer, peer, metrics);
    }
}
