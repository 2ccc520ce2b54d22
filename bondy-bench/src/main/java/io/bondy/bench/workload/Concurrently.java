package io.bondy.bench.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Opens {@code count} things (connections, sessions) with at most {@code limit} under way at once,
 * so the server's accept backlog is not what is measured. Bounded by {@code timeout}.
 */
final class Concurrently {

    private Concurrently() {
    }

    /**
     * @return what opened, in completion order, plus the number of failures and the first failure
     */
    static <T> Opened<T> open(int count, int limit, long timeout, TimeUnit unit, IntFunction<CompletableFuture<T>> opener)
            throws InterruptedException {
        List<T> opened = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(count);
        Runnable[] startOne = new Runnable[1];
        startOne[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return;
            }
            opener.apply(i).whenComplete((value, error) -> {
                if (error != null) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, error);
                } else {
                    opened.add(value);
                }
                finished.countDown();
                startOne[0].run();
            });
        };
        for (int i = 0; i < Math.min(limit, count); i++) {
            startOne[0].run();
        }
        boolean complete = finished.await(timeout, unit);
        int missing = complete ? 0 : (int) finished.getCount();
        return new Opened<>(new ArrayList<>(opened), failures.get() + missing, firstFailure.get(), complete);
    }

    record Opened<T>(List<T> items, int failures, Throwable firstFailure, boolean complete) {

        String failureText() {
            if (failures == 0) {
                return "";
            }
            return failures + " failed" + (complete ? "" : " or timed out")
                    + (firstFailure == null ? "" : " (first: " + CallRuns.describe(firstFailure) + ")");
        }
    }
}
