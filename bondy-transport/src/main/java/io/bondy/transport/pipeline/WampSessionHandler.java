package io.bondy.transport.pipeline;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Hello;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.ProtocolViolationException;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.Router;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.spi.RouterMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of both pipelines: receives the bytes of one WAMP message at a time, decodes them with
 * the negotiated serializer and hands the message to the connection's {@link WampSession}.
 * Undecodable bytes and framing violations ({@link ProtocolViolationEvent}) become
 * {@link WampSession#protocolViolation}, which answers ABORT and closes.
 *
 * <p>Threading: runs on the channel's event loop, so the session sees one call at a time.
 */
public final class WampSessionHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger LOG = LoggerFactory.getLogger(WampSessionHandler.class);

    private final Router router;
    private final Serializer serializer;
    private final NettyPeer peer;
    private final RouterMetrics metrics;
    private WampSession session;
    /** Whether a HELLO arrived on this connection (so a handshake timeout is answered with ABORT). */
    private boolean helloSeen;

    public WampSessionHandler(Router router, Serializer serializer, NettyPeer peer, RouterMetrics metrics) {
        this.router = router;
        this.serializer = serializer;
        this.peer = peer;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        session = router.open(peer);
        LOG.debug("WAMP session opened on {}", peer.transport());
        if (!ctx.channel().isActive()) {
            session.transportClosed();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf bytes) {
        metrics.bytesReceived(peer.transport().type(), bytes.readableBytes());
        WampMessage message;
        try {
            message = decode(bytes);
        } catch (ProtocolViolationException e) {
            session.protocolViolation(e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.debug("The {} serializer failed on a message from {}", serializer.kind(), peer.transport(), e);
            session.protocolViolation("undecodable " + serializer.kind() + " message: " + e.getMessage());
            return;
        }
        if (message instanceof Hello) {
            helloSeen = true;
            HandshakeTimeoutHandler.arm(ctx.pipeline()); // a new session after GOODBYE gets its own deadline
        }
        session.receive(message);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ProtocolViolationEvent violation) {
            session.protocolViolation(violation.reason());
        } else if (evt instanceof HandshakeTimeoutEvent timeout) {
            timeout.handled();
            handshakeTimedOut(timeout);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.transportClosed();
        ctx.fireChannelInactive();
    }

    /**
     * No WELCOME within the handshake timeout: ABORT {@code wamp.error.timeout} if the client said
     * HELLO (it is stuck in authentication), else close, as no session was ever started.
     */
    private void handshakeTimedOut(HandshakeTimeoutEvent timeout) {
        if (session.isEstablished()) {
            return; // the WELCOME is queued and its end of the deadline was not run yet
        }
        if (!helloSeen) {
            LOG.debug("Closing {}: no WAMP HELLO within the handshake timeout of {} ms", peer.transport(),
                    timeout.timeout().toMillis());
            peer.close();
            return;
        }
        String why = "no WELCOME within the handshake timeout of " + timeout.timeout().toMillis()
                + " ms (authentication not completed)";
        LOG.debug("Aborting the handshake on {}: {}", peer.transport(), why);
        metrics.messageSent(MessageType.ABORT);
        metrics.errorSent(WampErrors.TIMEOUT);
        peer.sendAndClose(new Abort(Map.of("message", why), WampErrors.TIMEOUT));
    }

    private WampMessage decode(ByteBuf bytes) {
        int length = bytes.readableBytes();
        if (bytes.hasArray()) {
            return serializer.decode(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length);
        }
        return serializer.decode(ByteBufUtil.getBytes(bytes));
    }
}
