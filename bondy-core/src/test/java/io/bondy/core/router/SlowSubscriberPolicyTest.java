package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.config.PubSubSettings;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.router.pubsub.SlowSubscribers;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.testing.FullQueuePeer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlowSubscriberPolicyTest {

    private static final String TOPIC = "com.example.fast";

    private final CountingMetrics metrics = new CountingMetrics();

    @Test
    void dropPolicyDropsAndCountsEventsForTheFullSubscriberOnly() {
        RouterFixture fixture = new RouterFixture(PubSubSettings.DEFAULTS, metrics);
        FullQueuePeer slowPeer = new FullQueuePeer();
        RouterFixture.Client slow = fixture.join(slowPeer, slowPeer.recorder());
        RouterFixture.Client fast = fixture.join();
        RouterFixture.Client publisher = fixture.join();
        subscribe(slow);
        subscribe(fast);
        slowPeer.full();

        for (int i = 0; i < 5; i++) {
            publish(publisher, i);
        }

        assertThat(fast.peer().drain()).hasSize(5);
        assertThat(slowPeer.recorder().drain()).isEmpty();
        assertThat(metrics.dropped.get()).isEqualTo(5);
        assertThat(fixture.router.realm("realm1").orElseThrow().broker().droppedEvents()).isEqualTo(5);
        assertThat(slow.session().isEstablished()).as("drop keeps the session").isTrue();

        slowPeer.drained();
        publish(publisher, 99);
        assertThat(slow.next(Event.class).payload()).isEqualTo(Payload.of(List.of(99)));
    }

    @Test
    void closePolicyAbortsTheFullSubscriberOnceAndTheOthersGoOn() {
        RouterFixture fixture = new RouterFixture(
                PubSubSettings.DEFAULTS.withSlowSubscriber(PubSubSettings.SlowSubscriberPolicy.CLOSE), metrics);
        FullQueuePeer slowPeer = new FullQueuePeer();
        RouterFixture.Client slow = fixture.join(slowPeer, slowPeer.recorder());
        RouterFixture.Client fast = fixture.join();
        RouterFixture.Client publisher = fixture.join();
        subscribe(slow);
        subscribe(fast);
        slowPeer.full();

        publish(publisher, 1);
        publish(publisher, 2);

        Abort abort = slowPeer.recorder().next(Abort.class);
        assertThat(abort.reason()).isEqualTo(SlowSubscribers.SLOW_SUBSCRIBER);
        assertThat(slowPeer.recorder().isClosed()).isTrue();
        assertThat(slow.session().isEstablished()).isFalse();
        assertThat(metrics.closed.get()).isEqualTo(1);
        assertThat(fast.peer().drain()).hasSize(2);
        assertThat(fixture.router.realm("realm1").orElseThrow().sessions()).doesNotContain(slow.session());
    }

    private static void subscribe(RouterFixture.Client c) {
        c.send(new Subscribe(1, Map.of(), TOPIC));
        c.next(Subscribed.class);
    }

    private static void publish(RouterFixture.Client publisher, int value) {
        publisher.send(new Publish(1, Map.of("acknowledge", true), TOPIC, Payload.of(List.of(value))));
        publisher.next(Published.class);
    }

    /** A transport whose outbound queue can be made full: offers are then refused. */
    private static final class CountingMetrics implements RouterMetrics {
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void eventDropped(String realm) {
            dropped.incrementAndGet();
        }

        @Override
        public void slowSubscriberClosed(String realm) {
            closed.incrementAndGet();
        }
    }
}
