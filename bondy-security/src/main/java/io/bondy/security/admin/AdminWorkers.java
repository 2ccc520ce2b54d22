package io.bondy.security.admin;

import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads the blocking admin procedures run on: those that derive password keys (PBKDF2,
 * Argon2id) or write the store (an fsync'd RocksDB write). Without them such a procedure ran on the
 * calling client's event loop and held up every other connection of that loop for as long as the
 * hash took.
 *
 * <p>A fixed number of threads ({@code security.admin_procedures.threads}) and a bounded queue
 * ({@code security.admin_procedures.max_queued_calls}): a call that finds the queue full is not run
 * and its caller gets {@value #OVERLOADED} at once; refusals are counted ({@link #refused()}) and
 * logged at WARN at most once a minute.
 *
 * <p>Threading: thread-safe.
 */
public final class AdminWorkers implements AutoCloseable {

    /** The error of a call refused because the queue is full. */
    public static final String OVERLOADED = "bondy.error.overloaded";
    /** The prefix of the workers' thread names. */
    public static final String THREAD_PREFIX = "bondy-admin-";

    private static final Logger LOG = LoggerFactory.getLogger(AdminWorkers.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ThreadPoolExecutor executor;
    private final int maxQueued;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    /**
     * @param threads   worker threads (at least 1)
     * @param maxQueued calls waiting for a worker (at least 1)
     */
    public AdminWorkers(int threads, int maxQueued) {
        if (threads < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("threads and maxQueued must be at least 1");
        }
        this.maxQueued = maxQueued;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueued), r -> {
                    Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs {@code work} on a worker. The future completes with its result, or exceptionally with what
     * it threw, or with an {@link ApplicationError} {@value #OVERLOADED} when the queue is full or the
     * workers are shut down.
     */
    public CompletableFuture<Payload> submit(String procedure, Supplier<Payload> work) {
        CompletableFuture<Payload> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            long count = refused.incrementAndGet();
            long now = System.nanoTime();
            long last = lastWarn.get();
            if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
                LOG.warn("Admin procedure {} refused: {} call(s) already wait for the admin workers"
                        + " (security.admin_procedures.max_queued_calls); {} refused so far", procedure, maxQueued, count);
            }
            result.completeExceptionally(new ApplicationError(OVERLOADED, Payload.of(List.of(
                    "the node is busy with other admin calls (security.admin_procedures.max_queued_calls = "
                            + maxQueued + " are waiting); try again later"))));
        }
        return result;
    }

    /** Calls refused because the queue was full (or the workers were shut down). */
    public long refused() {
        return refused.get();
    }

    /** Calls waiting for a worker now. */
    public int queued() {
        return executor.getQueue().size();
    }

    /** Stops taking calls; those queued still run. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
