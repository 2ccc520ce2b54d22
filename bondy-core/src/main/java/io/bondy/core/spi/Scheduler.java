package io.bondy.core.spi;

import java.time.Duration;

/**
 * Runs a task once after a delay (the dealer's call timeouts). The router owns one and closes it on
 * shutdown. Tasks must be short: they run on the scheduler's thread.
 *
 * <p>Threading: every method may be called from any thread.
 */
public interface Scheduler extends AutoCloseable {

    /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not run yet. */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * The scheduler's clock in nanoseconds, for measuring ages (cache entries); only differences are
     * meaningful. By default {@link System#nanoTime()}; a test scheduler returns its virtual time.
     */
    default long nanoTime() {
        return System.nanoTime();
    }

    /** Cancels every pending task and stops the scheduler's thread, if it has one; idempotent. */
    @Override
    void close();

    /** A scheduled task. */
    @FunctionalInterface
    interface Cancellable {

        /** A handle for nothing: cancelling it does nothing. */
        Cancellable NONE = () -> { };

        /** Prevents the task from running if it has not started; idempotent. */
        void cancel();
    }
}
