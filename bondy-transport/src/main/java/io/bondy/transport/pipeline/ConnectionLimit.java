package io.bondy.transport.pipeline;

import io.bondy.core.spi.RouterMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cap on one listener's open connections. {@link #admit} counts a new connection in (and out
 * when it closes); past the cap it refuses it instead: the connection gets the listener's refusal
 * (an HTTP 503 with a JSON body, the RawSocket handshake error 4 "maximum connection count
 * reached"), written as soon as it is accepted, and is closed (within {@value LingeringClose#LINGER_MILLIS}
 * ms). Nothing the client sends is processed.
 * Each refusal is counted ({@link RouterMetrics#connectionRefused}); a WARN says the listener is full
 * at most once a minute.
 *
 * <p>Threading: thread-safe (one instance per listener, shared by its event loops).
 */
public final class ConnectionLimit {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    private static final long WARN_EVERY_MILLIS = 60_000;
    /** Refused connections that may wait for their client's first bytes at once. */
    static final int MAX_LINGERING = 64;

    private final String listener;
    private final String key;
    private final int max;
    private final Supplier<ByteBuf> refusal;
    private final RouterMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicInteger lingering = new AtomicInteger();

    /**
     * @param listener the listener's name in metrics and logs ({@code websocket}, {@code rawsocket}, {@code admin_http})
     * @param key      the configuration key of {@code max}, named in the log
     * @param max      the most connections open at once (at least 1)
     * @param refusal  the bytes a refused connection gets before it is closed (a fresh buffer each time)
     */
    public ConnectionLimit(String listener, String key, int max, Supplier<ByteBuf> refusal, RouterMetrics metrics) {
        if (max < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + max);
        }
        this.listener = listener;
        this.key = key;
        this.max = max;
        this.refusal = refusal;
        this.metrics = metrics == null ? RouterMetrics.NOOP : metrics;
    }

    /**
     * Counts {@code channel} in and returns true, or, when the listener is full, makes its pipeline the
     * refusal and returns false (the caller then adds nothing). Call from a channel initializer.
     */
    public boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            metrics.connectionRefused(listener);
            long now = System.currentTimeMillis();
            long last = lastWarning.get();
            if (now - last >= WARN_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
                LOG.warn("The {} listener has its maximum of {} connections ({}): refusing new ones"
                        + " (counted in bondy.connections.refused)", listener, max, key);
            }
            channel.pipeline().addLast("refusal", new Refusal(refusal.get()));
            return false;
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    /** Connections open now (for tests and diagnostics). */
    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }

    /**
     * Writes the refusal at once, then closes with a {@link LingeringClose} (the client's request or
     * handshake may still be on its way; closing with it unread would reset the connection and the
     * client might lose the answer). At most {@value #MAX_LINGERING} refused connections linger at
     * once; past that they are closed as soon as the answer is written.
     */
    private final class Refusal extends ChannelInboundHandlerAdapter {

        private ByteBuf answer;

        Refusal(ByteBuf answer) {
            this.answer = answer;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (ctx.channel().isActive()) {
                refuse(ctx);
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            refuse(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (answer != null) {
                answer.release();
                answer = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void refuse(ChannelHandlerContext ctx) {
            if (answer == null) {
                return;
            }
            ByteBuf out = answer;
            answer = null;
            ChannelFuture written = ctx.writeAndFlush(out);
            if (lingering.incrementAndGet() > MAX_LINGERING) {
                lingering.decrementAndGet();
                written.addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.channel().closeFuture().addListener(f -> lingering.decrementAndGet());
            LingeringClose.after(written);
        }
    }

    /** A refusal that is nothing but these bytes. */
    public static Supplier<ByteBuf> bytes(byte[] reply) {
        return () -> Unpooled.wrappedBuffer(reply.clone());
    }
}
