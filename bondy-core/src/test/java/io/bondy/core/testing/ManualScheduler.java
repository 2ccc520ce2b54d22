package io.bondy.core.testing;

import io.bondy.core.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Scheduler} on a virtual clock: tasks run only when a test calls {@link #advance}. */
public final class ManualScheduler implements Scheduler {

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + delay.toNanos(), task);
        tasks.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                tasks.remove(t);
            }
        };
    }

    @Override
    public synchronized void close() {
        tasks.clear();
    }

    /** Moves the clock forward and runs every task that became due, in due order, on this thread. */
    public void advance(Duration by) {
        long until;
        synchronized (this) {
            now += by.toNanos();
            until = now;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.due <= until).min((a, b) -> Long.compare(a.due, b.due))
                        .orElse(null);
                if (next == null) {
                    return;
                }
                tasks.remove(next);
            }
            next.task.run();
        }
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Timers scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        return tasks.size();
    }

    private record Task(long due, Runnable task) {
    }
}
