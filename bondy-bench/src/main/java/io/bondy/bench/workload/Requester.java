package io.bondy.bench.workload;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;

/**
 * One connection that sends requests (a CALL through a router, or a CALL frame to the echo server)
 * and reports each reply to its {@link ReplySink}. Every request carries its send time, relative to
 * the run's base, and the reply brings it back, so no table of in-flight requests is needed.
 *
 * <p>Threading: {@link #send} and the sink are called on {@link #eventLoop()} only; the counters
 * below belong to the driving loop and are touched on that thread only.
 */
public abstract class Requester {

    protected ReplySink sink = ReplySink.IGNORE;

    // State of the driving loop (ClosedLoop / OpenLoop), event-loop confined.
    long sent;
    long outstanding;
    boolean finished;
    ScheduledFuture<?> ticker;

    /** Sends one request carrying {@code t0}. */
    public abstract void send(long t0);

    public abstract EventLoop eventLoop();

    /** Closes the connection(s) behind this requester. */
    public abstract void close();

    void attach(ReplySink sink) {
        this.sink = sink;
        this.sent = 0;
        this.outstanding = 0;
        this.finished = false;
        this.ticker = null;
    }

    /** Receives the replies of requesters. */
    public interface ReplySink {

        ReplySink IGNORE = new ReplySink() {
            @Override
            public void onReply(Requester r, long t0) {
            }

            @Override
            public void onError(Requester r, String error) {
            }
        };

        /** A successful reply to the request sent with {@code t0}. */
        void onReply(Requester r, long t0);

        /** An error reply (or an unreadable one): counts as answered. */
        void onError(Requester r, String error);
    }
}
