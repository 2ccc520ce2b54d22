package io.bondy.transport.pipeline;

import io.bondy.core.spi.RouterMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WAMP handshake deadline: a connection must get its WELCOME within the handshake timeout of
 * being accepted. One deadline covers the transport handshake (HTTP upgrade or RawSocket octets),
 * HELLO and any CHALLENGE/AUTHENTICATE rounds; a client that never answers a CHALLENGE is closed at
 * the deadline like one that never says HELLO. {@link NettyPeer} stops the timer when it sends
 * WELCOME ({@link #cancel}); a later HELLO on the same connection (after GOODBYE) starts a new
 * deadline of the same length ({@link #arm}).
 *
 * <p>At the deadline the handler fires a {@link HandshakeTimeoutEvent}: the {@link WampSessionHandler},
 * when the transport handshake is done, answers it (ABORT {@code wamp.error.timeout} to a client that
 * sent HELLO, else a plain close). Without a session handler (the transport handshake never finished)
 * the connection is closed here. Either way it is counted
 * ({@link RouterMetrics#connectionTimedOut connectionTimedOut(transport, "handshake")}).
 *
 * <p>The handler stays in the pipeline (it overrides no read method, so Netty skips it for every
 * message). Threading: event loop only.
 */
public final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeTimeoutHandler.class);

    private final Duration timeout;
    private final String transport;
    private final RouterMetrics metrics;
    private ScheduledFuture<?> deadline;
    private ChannelHandlerContext context;
    private boolean stopped;

    public HandshakeTimeoutHandler(Duration timeout) {
        this(timeout, "unknown", RouterMetrics.NOOP);
    }

    /**
     * @param transport the listener, for the log and the metric ({@code websocket}, {@code rawsocket})
     */
    public HandshakeTimeoutHandler(Duration timeout, String transport, RouterMetrics metrics) {
        this.timeout = timeout;
        this.transport = transport;
        this.metrics = metrics;
    }

    /** WELCOME was sent: stops the deadline of the channel whose pipeline this is. Event loop only. */
    public static void cancel(ChannelPipeline pipeline) {
        if (pipeline.get(ChannelHandlerNames.HANDSHAKE_TIMEOUT) instanceof HandshakeTimeoutHandler h) {
            h.stop();
        }
    }

    /** A HELLO arrived: starts a deadline unless one is running. Event loop only. */
    public static void arm(ChannelPipeline pipeline) {
        if (pipeline.get(ChannelHandlerNames.HANDSHAKE_TIMEOUT) instanceof HandshakeTimeoutHandler h && h.stopped) {
            h.stopped = false;
            h.start();
        }
    }

    /** Whether a deadline is running (for tests). */
    boolean isRunning() {
        return deadline != null && !deadline.isDone();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void start() {
        if (!stopped && !isRunning()) {
            deadline = context.executor().schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void stop() {
        stopped = true;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire() {
        deadline = null;
        if (stopped || !context.channel().isActive()) {
            return;
        }
        stopped = true;
        metrics.connectionTimedOut(transport, "handshake");
        HandshakeTimeoutEvent event = new HandshakeTimeoutEvent(timeout);
        context.fireUserEventTriggered(event);
        if (!event.isHandled()) {
            LOG.debug("Closing {} connection {}: no WAMP session within the handshake timeout of {} ms", transport,
                    context.channel().remoteAddress(), timeout.toMillis());
            context.close();
        }
    }
}
