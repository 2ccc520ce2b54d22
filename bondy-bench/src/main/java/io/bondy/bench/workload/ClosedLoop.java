package io.bondy.bench.workload;

import io.bondy.bench.report.Latency;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each requester keeps {@code inFlight} requests outstanding and sends the next one when a reply
 * arrives, for a warm-up then a measured period. Bounded in time (warm-up + measured period) and in
 * count ({@code maxRequests} requests sent in the measured period, over all requesters); replies
 * still missing 10 s after the end are reported as lost rather than waited for.
 *
 * <p>Threading: each requester's state is touched on its event loop only; totals are atomic.
 */
final class ClosedLoop implements Requester.ReplySink {

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final List<Requester> requesters;
    private final int inFlight;
    private final long warmupNanos;
    private final long measureNanos;
    private final long maxRequests;
    private final Latency latency = new Latency();
    private final LongAdder completedInWindow = new LongAdder();
    private final LongAdder replies = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong sentTotal = new AtomicLong();
    private final AtomicLong countLimitHitAt = new AtomicLong(Long.MAX_VALUE);
    private final CountDownLatch done;
    private volatile String lastError;
    private long base;
    private long measureStart;
    private long end;

    ClosedLoop(List<Requester> requesters, int inFlight, Duration warmup, Duration measure, long maxRequests) {
        this.requesters = requesters;
        this.inFlight = inFlight;
        this.warmupNanos = warmup.toNanos();
        this.measureNanos = measure.toNanos();
        this.maxRequests = maxRequests;
        this.done = new CountDownLatch(requesters.size());
    }

    /** Runs to the end (blocking the calling thread, which must not be an event loop). */
    Result run() throws InterruptedException {
        base = System.nanoTime();
        measureStart = base + warmupNanos;
        end = measureStart + measureNanos;
        for (Requester r : requesters) {
            r.attach(this);
            r.eventLoop().execute(() -> {
                for (int i = 0; i < inFlight; i++) {
                    sendNext(r);
                }
            });
        }
        boolean drained = done.await(warmupNanos + measureNanos + DRAIN_NANOS, TimeUnit.NANOSECONDS);
        long windowEnd = Math.min(end, countLimitHitAt.get());
        double seconds = Math.max(1, windowEnd - measureStart) / 1e9;
        long lost = 0;
        if (!drained) {
            for (Requester r : requesters) {
                lost += r.outstanding; // racy read, for the report only
            }
        }
        return new Result(completedInWindow.sum() / seconds, latency.summary(), completedInWindow.sum(),
                errors.sum(), lost, lastError, replies.sum(), Double.NaN);
    }

    private void sendNext(Requester r) {
        long now = System.nanoTime();
        // the count cap is on measured requests: a fast warm-up must not use it up
        if (now >= end || (now >= measureStart && sentTotal.incrementAndGet() > maxRequests)) {
            if (now < end) {
                countLimitHitAt.compareAndSet(Long.MAX_VALUE, now);
            }
            if (r.outstanding == 0 && !r.finished) {
                r.finished = true;
                done.countDown();
            }
            return;
        }
        r.outstanding++;
        r.sent++;
        r.send(now - base);
    }

    @Override
    public void onReply(Requester r, long t0) {
        long now = System.nanoTime();
        r.outstanding--;
        replies.increment();
        if (now >= measureStart && now <= end) {
            completedInWindow.increment();
            if (t0 >= 0 && base + t0 >= measureStart) {
                latency.record(now - (base + t0));
            }
        }
        sendNext(r);
    }

    @Override
    public void onError(Requester r, String error) {
        errors.increment();
        lastError = error;
        r.outstanding--;
        sendNext(r);
    }

    /**
     * @param perSecond replies per second in the measured period
     * @param latency   reply time of requests sent in the measured period
     * @param completed replies in the measured period
     * @param errors    error replies (any period)
     * @param lost      requests never answered
     * @param lastError the last error URI seen, or null
     * @param replies   replies over the whole run (warm-up included)
     * @param serverCpuPerReply CPU time of the server process (all its threads) per reply over the whole
     *                  run, in nanoseconds; NaN when not measured
     */
    record Result(double perSecond, Latency.Summary latency, long completed, long errors, long lost,
                  String lastError, long replies, double serverCpuPerReply) {

        Result withServerCpu(long cpuNanos) {
            return new Result(perSecond, latency, completed, errors, lost, lastError, replies,
                    replies == 0 ? Double.NaN : (double) cpuNanos / replies);
        }
    }
}
