package io.bondy.core.router.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.config.PubSubSettings;
import io.bondy.core.message.Event;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.router.RouterFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventRetentionTest {

    private final RouterFixture fixture = new RouterFixture(PubSubSettings.DEFAULTS);
    private final RouterFixture.Client publisher = fixture.joinAs("pub", "publisher");
    private final RouterFixture.Client alice = fixture.joinAs("alice", "manager");
    private final RouterFixture.Client bob = fixture.joinAs("bob", "staff");

    @Test
    void laterSubscriberAskingForItGetsTheMostRecentRetainedEventMarkedRetained() {
        long first = publish("sensor.temp", Map.of("retain", true), 20);
        long second = publish("sensor.temp", Map.of("retain", true), 21);
        publish("sensor.temp", Map.of(), 22);

        long sub = subscribe(alice, "sensor.temp", Map.of("get_retained", true));

        Event e = alice.next(Event.class);
        assertThat(e.publicationId()).isEqualTo(second).isNotEqualTo(first);
        assertThat(e.subscriptionId()).isEqualTo(sub);
        assertThat(e.details()).containsEntry("retained", true);
        assertThat(e.payload()).isEqualTo(Payload.of(List.of(21)));
        assertThat(alice.peer().drain()).isEmpty();
    }

    @Test
    void subscriberNotAskingGetsNothingRetained() {
        publish("sensor.hum", Map.of("retain", true), 40);

        subscribe(alice, "sensor.hum", Map.of());

        assertThat(alice.peer().drain()).isEmpty();
    }

    @Test
    void patternSubscriberGetsTheRetainedEventOfEveryMatchingTopicWithItsTopic() {
        publish("dc.rack1.temp", Map.of("retain", true), 1);
        publish("dc.rack2.temp", Map.of("retain", true), 2);
        publish("dc.rack2.power", Map.of("retain", true), 3);

        subscribe(alice, "dc..temp", Map.of("match", "wildcard", "get_retained", true));

        assertThat(alice.peer().drain()).map(m -> ((Event) m).details().get("topic"))
                .containsExactlyInAnyOrder("dc.rack1.temp", "dc.rack2.temp");
    }

    @Test
    void subscriberNeverGetsARetainedEventItWasNotEligibleForButGetsTheLatestItWas() {
        long open = publish("news", Map.of("retain", true), "for everyone");
        publish("news", Map.of("retain", true, "eligible_authrole", List.of("manager")), "managers only");

        subscribe(bob, "news", Map.of("get_retained", true));
        subscribe(alice, "news", Map.of("get_retained", true));

        assertThat(bob.next(Event.class).publicationId()).isEqualTo(open);
        assertThat(alice.next(Event.class).payload()).isEqualTo(Payload.of(List.of("managers only")));
    }

    @Test
    void storeKeepsItsCountBoundEvictingTheLeastRecentlyPublishedTopic() {
        RetainedEvents store = new RetainedEvents(new PubSubSettings.Retention(2, 1 << 20, Duration.ofHours(1)));
        store.retain(publication("t.a"));
        store.retain(publication("t.b"));
        store.retain(publication("t.a"));
        store.retain(publication("t.c"));

        assertThat(store.size()).isEqualTo(2);
        assertThat(store.forSubscriber(new Subscription(1, "t.b", MatchPolicy.EXACT), alice.session())).isEmpty();
        assertThat(store.forSubscriber(new Subscription(1, "t.", MatchPolicy.PREFIX), alice.session()))
                .map(Publication::topic).containsExactlyInAnyOrder("t.a", "t.c");
    }

    @Test
    void storeKeepsItsByteBoundAndRefusesAnEventLargerThanTheStore() {
        RetainedEvents store = new RetainedEvents(new PubSubSettings.Retention(100, 200, Duration.ofHours(1)));
        store.retain(publication("t.big", "x".repeat(500)));
        assertThat(store.size()).isZero();

        for (int i = 0; i < 10; i++) {
            store.retain(publication("t." + i, "x".repeat(50)));
        }
        assertThat(store.bytes()).isLessThanOrEqualTo(200);
        assertThat(store.size()).isBetween(1, 3);
    }

    @Test
    void retainedEventExpiresAfterItsTtl() {
        AtomicLong now = new AtomicLong(1_000);
        RetainedEvents store = new RetainedEvents(new PubSubSettings.Retention(10, 1 << 20, Duration.ofSeconds(5)),
                now::get);
        store.retain(publication("t.ttl"));
        Subscription sub = new Subscription(1, "t.ttl", MatchPolicy.EXACT);

        now.addAndGet(4_999);
        assertThat(store.forSubscriber(sub, alice.session())).hasSize(1);
        now.addAndGet(1);
        assertThat(store.forSubscriber(sub, alice.session())).isEmpty();
    }

    @Test
    void retentionTurnedOffByAZeroBoundKeepsNothing() {
        RouterFixture off = new RouterFixture(PubSubSettings.DEFAULTS.withRetention(
                new PubSubSettings.Retention(0, 0, Duration.ofMinutes(1))));
        RouterFixture.Client p = off.join();
        RouterFixture.Client s = off.join();
        p.send(new Publish(1, Map.of("retain", true, "acknowledge", true), "t.off", null));
        p.next(Published.class);

        subscribe(s, "t.off", Map.of("get_retained", true));

        assertThat(s.peer().drain()).isEmpty();
    }

    private Publication publication(String topic) {
        return publication(topic, "v");
    }

    private Publication publication(String topic, String value) {
        return Publication.of(topic.hashCode() & 0xffff, new Publish(1, Map.of(), topic, Payload.of(List.of(value))),
                publisher.session(), null);
    }

    private long publish(String topic, Map<String, Object> options, Object value) {
        Map<String, Object> o = new HashMap<>(options);
        o.put("acknowledge", true);
        publisher.send(new Publish(1, o, topic, Payload.of(List.of(value))));
        return publisher.next(Published.class).publicationId();
    }

    private static long subscribe(RouterFixture.Client c, String topic, Map<String, Object> options) {
        c.send(new Subscribe(1, options, topic));
        return c.next(Subscribed.class).subscriptionId();
    }
}
