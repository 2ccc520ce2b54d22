package io.bondy.transport.http;

import io.bondy.core.spi.RouterMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one HTTP connection:
 * <ul>
 *   <li><b>request timeout</b>: from the first byte of a request to its last (request line, headers and
 *       body). A request not complete by then gets {@code 408} (JSON, {@code Connection: close}) and the
 *       connection is closed: a client cannot hold a connection by sending a request slowly.</li>
 *   <li><b>idle timeout</b> (optional): how long a connection may wait for its next request, from its
 *       accept or the end of the last response; then it is closed without an answer.</li>
 * </ul>
 * While a request is being answered no deadline runs (the answer is the server's business). A
 * {@code 101 Switching Protocols} answer (a WebSocket upgrade) ends both deadlines and removes the
 * handlers: the WebSocket's own timeouts take over.
 *
 * <p>Two handlers share the state: {@link #reads()} stands before the HTTP codec and sees the first
 * byte of a request, {@link #exchanges()} stands after the aggregator and sees whole requests and the
 * responses written back. Each expiry is counted ({@link RouterMetrics#connectionTimedOut}).
 *
 * <p>Threading: event loop only; one instance per connection.
 */
public final class HttpDeadlines {

    /** The handler before the codec. */
    public static final String READS = "http-deadline-reads";
    /** The handler after the aggregator. */
    public static final String EXCHANGES = "http-deadlines";

    private static final Logger LOG = LoggerFactory.getLogger(HttpDeadlines.class);

    private enum State { IDLE, READING, ANSWERING, DONE }

    private final long requestMillis;
    private final long idleMillis;
    private final String listener;
    private final RouterMetrics metrics;
    private final Reads reads = new Reads();
    private final Exchanges exchanges = new Exchanges();
    private State state = State.IDLE;
    private int unanswered;
    private ScheduledFuture<?> timer;

    /**
     * @param idleTimeout null for none (the WebSocket port, where the WAMP handshake deadline bounds the
     *                    wait for the first request and every HTTP answer closes the connection)
     * @param listener    the listener's name in metrics and logs
     */
    public HttpDeadlines(Duration requestTimeout, Duration idleTimeout, String listener, RouterMetrics metrics) {
        this.requestMillis = requestTimeout.toMillis();
        this.idleMillis = idleTimeout == null ? 0 : idleTimeout.toMillis();
        this.listener = listener;
        this.metrics = metrics == null ? RouterMetrics.NOOP : metrics;
    }

    public ChannelHandler reads() {
        return reads;
    }

    public ChannelHandler exchanges() {
        return exchanges;
    }

    private void idle() {
        state = State.IDLE;
        cancel();
        if (idleMillis > 0) {
            timer = reads.ctx.executor().schedule(this::idleExpired, idleMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void idleExpired() {
        timer = null;
        if (state == State.IDLE && reads.ctx.channel().isActive()) {
            metrics.connectionTimedOut(listener, "idle");
            LOG.debug("Closing {} HTTP connection {}: no request within the idle timeout of {} ms", listener,
                    reads.ctx.channel().remoteAddress(), idleMillis);
            reads.ctx.close();
        }
    }

    private void requestExpired() {
        timer = null;
        if (state == State.READING && exchanges.ctx.channel().isActive()) {
            metrics.connectionTimedOut(listener, "request");
            LOG.debug("Closing {} HTTP connection {}: request not complete within the request timeout of {} ms",
                    listener, exchanges.ctx.channel().remoteAddress(), requestMillis);
            state = State.DONE;
            HttpErrors.sendAndClose(exchanges.ctx, HttpErrors.json(HttpResponseStatus.REQUEST_TIMEOUT,
                    HttpErrors.REQUEST_TIMEOUT, "the request was not complete within " + requestMillis + " ms"));
        }
    }

    private void done() {
        state = State.DONE;
        cancel();
        if (reads.ctx != null && !reads.ctx.isRemoved()) {
            reads.ctx.pipeline().remove(reads);
        }
        if (exchanges.ctx != null && !exchanges.ctx.isRemoved()) {
            exchanges.ctx.pipeline().remove(exchanges);
        }
    }

    /** Before the codec: the first byte of a request starts its deadline. */
    private final class Reads extends ChannelInboundHandlerAdapter {

        private ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            if (ctx.channel().isActive() && state == State.IDLE && timer == null) {
                idle();
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (state == State.IDLE && timer == null) {
                idle();
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (state == State.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                state = State.READING;
                cancel();
                timer = ctx.executor().schedule(HttpDeadlines.this::requestExpired, requestMillis,
                        TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            cancel();
        }
    }

    /** After the aggregator: a whole request stops the deadline, the end of the last answer starts the idle one. */
    private final class Exchanges extends ChannelDuplexHandler {

        private ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest && state != State.DONE) {
                unanswered++;
                state = State.ANSWERING;
                cancel();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse r && r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                ctx.write(msg, promise);
                done();
                return;
            }
            boolean informational = msg instanceof HttpResponse r
                    && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof LastHttpContent && !informational && state == State.ANSWERING) {
                ctx.write(msg, promise.unvoid()).addListener(f -> answered());
                return;
            }
            ctx.write(msg, promise);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            cancel();
        }

        private void answered() {
            if (state != State.ANSWERING) {
                return;
            }
            unanswered--;
            if (unanswered <= 0 && ctx.channel().isActive()) {
                unanswered = 0;
                idle();
            }
        }
    }
}
