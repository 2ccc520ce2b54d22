package io.bondy.core.router.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.router.RouterFixture;
import io.bondy.core.router.session.WampSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The subscriber array the broker dispatches over follows every add and remove. */
class SubscriptionTest {

    private final RouterFixture fixture = new RouterFixture();

    @Test
    void theArrayFollowsAddsAndRemoves() {
        Subscription sub = new Subscription(1, "t.a", MatchPolicy.EXACT);
        WampSession a = fixture.join().session();
        WampSession b = fixture.join().session();

        assertThat(sub.subscriberArray()).isEmpty();
        assertThat(sub.add(a)).isTrue();
        assertThat(sub.subscriberArray()).containsExactly(a);
        assertThat(sub.add(a)).isFalse();
        assertThat(sub.add(b)).isTrue();
        assertThat(sub.subscriberArray()).containsExactlyInAnyOrder(a, b);
        assertThat(sub.remove(a)).isTrue();
        assertThat(sub.subscriberArray()).containsExactly(b);
        assertThat(sub.remove(a)).isFalse();
        assertThat(sub.remove(b)).isTrue();
        assertThat(sub.subscriberArray()).isEmpty();
        assertThatThrownBy(() -> sub.subscribers().add(a)).isInstanceOf(UnsupportedOperationException.class);
    }

    /**
     * While one thread adds and removes subscribers, another keeps reading the array: once the changes
     * are over, the array holds exactly the subscribers left, and a subscriber added before a read began
     * (and not removed) is always in what that read returns.
     */
    @Test
    void readsRacingWithChangesEndWithTheSubscribersLeft() throws Exception {
        Subscription sub = new Subscription(1, "t.b", MatchPolicy.EXACT);
        WampSession stays = fixture.join().session();
        sub.add(stays);
        List<WampSession> others = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            others.add(fixture.join().session());
        }
        AtomicReference<String> problem = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            while (done.getCount() > 0) {
                if (!List.of(sub.subscriberArray()).contains(stays)) {
                    problem.compareAndSet(null, "a read missed a subscriber added before it");
                }
            }
        });
        reader.start();
        for (int round = 0; round < 20_000; round++) {
            WampSession s = others.get(round % others.size());
            if (round % 3 == 2) {
                sub.remove(s);
            } else {
                sub.add(s);
            }
        }
        done.countDown();
        reader.join();

        assertThat(problem.get()).isNull();
        assertThat(sub.subscriberArray()).containsExactlyInAnyOrderElementsOf(sub.subscribers());
        assertThat(sub.subscribers()).contains(stays);
    }
}
