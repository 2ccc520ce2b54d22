package io.bondy.transport.tls;

import io.bondy.core.spi.RouterMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the {@code SslHandler}: a failed handshake (plain text to the TLS port, a client
 * certificate that is expired or not signed by the CA, no common version or cipher) is one DEBUG line,
 * a count in {@link RouterMetrics#tlsHandshakeFailed}, and a close; the handshake's exception stops
 * here (it is the peer's doing, not a fault to log). A connection closed before its handshake ended is
 * not counted (the deadline that closed it is). After a successful handshake the handler removes itself.
 *
 * <p>Threading: event loop; one instance per connection.
 */
public final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeHandler.class);

    private final String listener;
    private final RouterMetrics metrics;

    /** @param listener the listener's name in metrics, e.g. {@code websocket_tls} */
    public TlsHandshakeHandler(String listener, RouterMetrics metrics) {
        this.listener = listener;
        this.metrics = metrics == null ? RouterMetrics.NOOP : metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                ctx.pipeline().remove(this);
            } else {
                String reason = reason(done.cause());
                if (reason != null) {
                    LOG.debug("Closing {} on {}: TLS handshake failed ({}): {}", ctx.channel().remoteAddress(),
                            listener, reason, done.cause().toString());
                    metrics.tlsHandshakeFailed(listener, reason);
                }
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (find(cause, SSLException.class) != null) {
            ctx.close(); // the handshake's failure: counted with its completion event
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** The metric's reason for a failed handshake; null when the connection was merely closed. */
    static String reason(Throwable cause) {
        if (find(cause, NotSslRecordException.class) != null) {
            return "not_tls";
        }
        if (find(cause, ClosedChannelException.class) != null) {
            return null;
        }
        if (find(cause, SslHandshakeTimeoutException.class) != null) {
            return "timeout";
        }
        if (find(cause, CertificateExpiredException.class) != null) {
            return "certificate_expired";
        }
        String text = messages(cause);
        if (text.contains("expired")) {
            return "certificate_expired";
        }
        if (text.contains("certificate") || text.contains("cert_path") || text.contains("certpath")
                || text.contains("trust anchor") || text.contains("unable to find valid certification path")) {
            return "certificate";
        }
        return "protocol";
    }

    private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String messages(Throwable cause) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(' ').append(t.getMessage()).append(' ');
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }
}
