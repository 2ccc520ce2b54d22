package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.spi.RouterMetrics;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18: a session's state is guarded by its one lock, and so is the decision to leave the realm.
 * A kill (or shutdown) from another thread racing the connection's close must make the session leave
 * exactly once: one {@code sessionClosed}, one departure. Before, both threads passed the "still
 * joined" check and the session left twice.
 */
@Timeout(120)
class SessionLeavesOnceTest {

    @Test
    void aKillRacingTheConnectionsCloseLeavesTheRealmOnce() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        RouterFixture router = new RouterFixture(RpcSettings.DEFAULTS, new RouterMetrics() {
            @Override
            public void sessionOpened(String realm) {
                opened.incrementAndGet();
            }

            @Override
            public void sessionClosed(String realm) {
                closed.incrementAndGet();
            }
        });
        int rounds = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < rounds; i++) {
                RouterFixture.Client c = router.join();
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> kill = pool.submit(() -> {
                    await(start);
                    c.session().kill(WampErrors.KILLED, null);
                });
                Future<?> close = pool.submit(() -> {
                    await(start);
                    c.session().transportClosed();
                });
                kill.get(10, TimeUnit.SECONDS);
                close.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(opened).hasValue(rounds);
        assertThat(closed).as("sessions that left, counted once each").hasValue(rounds);
        assertThat(router.router.realm("realm1").orElseThrow().sessions()).isEmpty();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
