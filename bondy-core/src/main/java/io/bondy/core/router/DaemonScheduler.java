package io.bondy.core.router;

import io.bondy.core.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link Scheduler}: one daemon thread ({@code bondy-timer}), started on the first
 * {@link #schedule} so that a router that never needs a timer never starts it. Cancelled tasks are
 * removed from the queue at once, so its size stays the number of live timers.
 *
 * <p>Threading: thread-safe.
 */
final class DaemonScheduler implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonScheduler.class);

    private ScheduledThreadPoolExecutor executor;
    private boolean closed;

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledThreadPoolExecutor ex = executor();
        if (ex == null) {
            return Cancellable.NONE;
        }
        try {
            ScheduledFuture<?> future = ex.schedule(() -> run(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            LOG.debug("Timer not scheduled: the scheduler is closed");
            return Cancellable.NONE;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private synchronized ScheduledThreadPoolExecutor executor() {
        if (closed) {
            return null;
        }
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "bondy-timer");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
        }
        return executor;
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Timer task failed", e);
        }
    }
}
