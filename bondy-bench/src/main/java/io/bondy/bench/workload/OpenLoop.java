package io.bondy.bench.workload;

import io.bondy.bench.report.Latency;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends at a fixed total rate, spread evenly over the requesters, whatever the replies do. Each
 * request carries its <em>scheduled</em> send time and latency is measured from it, so a stalled
 * server shows as latency instead of silently slowing the sender (no coordinated omission).
 * Requests scheduled in the first {@code warmup} are not recorded.
 *
 * <p>Bounded: exactly {@code rate x duration} requests at most, a requester with more than
 * {@link #MAX_OUTSTANDING} unanswered requests stops sending (reported as saturated), and the run
 * waits at most 10 s past its end for replies.
 */
final class OpenLoop implements Requester.ReplySink {

    static final int MAX_OUTSTANDING = 50_000;
    private static final long TICK_MICROS = 500;
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final List<Requester> requesters;
    private final long totalPerRequester;
    private final double intervalNanos;
    private final long durationNanos;
    private final long warmupNanos;
    private final Latency latency = new Latency();
    private final LongAdder replies = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder unsent = new LongAdder();
    private final CountDownLatch done;
    private long base;

    OpenLoop(List<Requester> requesters, double ratePerSecond, Duration duration, Duration warmup) {
        this.requesters = requesters;
        double perRequester = ratePerSecond / requesters.size();
        this.intervalNanos = 1e9 / perRequester;
        this.durationNanos = duration.toNanos();
        this.warmupNanos = warmup.toNanos();
        this.totalPerRequester = Math.max(1, Math.round(perRequester * duration.toNanos() / 1e9));
        this.done = new CountDownLatch(requesters.size());
    }

    Result run() throws InterruptedException {
        base = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (Requester r : requesters) {
            r.attach(this);
            r.ticker = r.eventLoop().scheduleAtFixedRate(() -> tick(r), 0, TICK_MICROS, TimeUnit.MICROSECONDS);
        }
        boolean drained = done.await(durationNanos + DRAIN_NANOS, TimeUnit.NANOSECONDS);
        long lost = 0;
        for (Requester r : requesters) {
            if (r.ticker != null) {
                r.ticker.cancel(false);
            }
            if (!drained) {
                lost += r.outstanding;
            }
        }
        double seconds = durationNanos / 1e9;
        return new Result(replies.sum() / seconds, latency.summary(), errors.sum(), unsent.sum(), lost);
    }

    private void tick(Requester r) {
        if (r.finished || r.sent >= totalPerRequester) {
            return;
        }
        long now = System.nanoTime();
        if (now < base) {
            return;
        }
        long due = Math.min(totalPerRequester, (long) ((now - base) / intervalNanos) + 1);
        while (r.sent < due) {
            if (r.outstanding >= MAX_OUTSTANDING) {
                unsent.add(totalPerRequester - r.sent); // saturated: stop, report what was not sent
                r.sent = totalPerRequester;
                break;
            }
            long scheduled = (long) (r.sent * intervalNanos);
            r.sent++;
            r.outstanding++;
            r.send(scheduled);
        }
        if (r.sent >= totalPerRequester) {
            if (r.ticker != null) {
                r.ticker.cancel(false);
            }
            finishIfDone(r);
        }
    }

    @Override
    public void onReply(Requester r, long t0) {
        long now = System.nanoTime();
        replies.increment();
        if (t0 >= warmupNanos) {
            latency.record(now - (base + t0));
        }
        answered(r);
    }

    @Override
    public void onError(Requester r, String error) {
        errors.increment();
        answered(r);
    }

    private void answered(Requester r) {
        r.outstanding--;
        finishIfDone(r);
    }

    private void finishIfDone(Requester r) {
        if (!r.finished && r.sent >= totalPerRequester && r.outstanding == 0) {
            r.finished = true;
            done.countDown();
        }
    }

    /**
     * @param achieved replies per second over the scheduled duration
     * @param latency  from the scheduled send time
     * @param errors   error replies
     * @param unsent   requests not sent because a requester was saturated
     * @param lost     requests never answered
     */
    record Result(double achieved, Latency.Summary latency, long errors, long unsent, long lost) {
    }
}
