package io.bondy.core.router.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.PubSubSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.Unsubscribed;
import io.bondy.core.router.RouterFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventHistoryTest {

    private static final PubSubSettings.HistoryTopic LOG =
            new PubSubSettings.HistoryTopic("com.mycompany.log", MatchPolicy.PREFIX, 3, Duration.ofHours(1));

    private final RouterFixture fixture = new RouterFixture(PubSubSettings.DEFAULTS.withHistory(List.of(LOG)));
    private final RouterFixture.Client publisher = fixture.join();
    private final RouterFixture.Client reader = fixture.join();

    @Test
    void historyTopicHasASubscriptionFromTheStartAndFillsWithoutSubscribers() {
        long sub = historySubscription();
        long p1 = publish("com.mycompany.log.auth");
        long p2 = publish("com.mycompany.log.basket");

        List<Map<String, Object>> events = getEvents(sub, Map.of());

        assertThat(events).map(e -> e.get("publication")).containsExactly(p1, p2);
        assertThat(events.get(0)).containsEntry("subscription", sub).containsEntry("args", List.of("com.mycompany.log.auth"));
        assertThat((Map<String, Object>) events.get(0).get("details")).containsEntry("topic", "com.mycompany.log.auth");
        assertThat(Instant.parse((String) events.get(0).get("timestamp"))).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void historyKeepsOnlyTheLastMaxEvents() {
        long sub = historySubscription();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publish("com.mycompany.log.n" + i));
        }

        assertThat(getEvents(sub, Map.of())).map(e -> e.get("publication")).containsExactlyElementsOf(ids.subList(2, 5));
    }

    @Test
    void reverseLimitTopicAndPublicationBoundsFilterTheHistory() {
        long sub = historySubscription();
        long a = publish("com.mycompany.log.a");
        long b = publish("com.mycompany.log.b");
        long c = publish("com.mycompany.log.a");

        assertThat(getEvents(sub, Map.of("reverse", true, "limit", 2))).map(e -> e.get("publication"))
                .containsExactly(c, b);
        assertThat(getEvents(sub, Map.of("topic", "com.mycompany.log.a"))).map(e -> e.get("publication"))
                .containsExactly(a, c);
        assertThat(getEvents(sub, Map.of("after_publication", a))).map(e -> e.get("publication")).containsExactly(b, c);
        assertThat(getEvents(sub, Map.of("from_publication", b))).map(e -> e.get("publication")).containsExactly(b, c);
        assertThat(getEvents(sub, Map.of("before_publication", c))).map(e -> e.get("publication")).containsExactly(a, b);
        assertThat(getEvents(sub, Map.of("until_publication", b))).map(e -> e.get("publication")).containsExactly(a, b);
        assertThat(getEvents(sub, Map.of("after_time", "2000-01-01T00:00:00Z", "before_time", "2999-01-01T00:00:00Z")))
                .hasSize(3);
        assertThat(getEvents(sub, Map.of("until_time", "2000-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void eventsPublishedToARestrictedSetOfReceiversAreNotStored() {
        long sub = historySubscription();
        publish("com.mycompany.log.secret", Map.of("eligible", List.of(reader.id())));
        publish("com.mycompany.log.secret", Map.of("eligible_authrole", List.of("admin")));
        long open = publish("com.mycompany.log.open");

        assertThat(getEvents(sub, Map.of())).map(e -> e.get("publication")).containsExactly(open);
    }

    @Test
    void historySubscriptionStaysWhenItsLastSubscriberLeaves() {
        reader.send(new Subscribe(1, Map.of("match", "prefix"), "com.mycompany.log"));
        long sub = reader.next(Subscribed.class).subscriptionId();
        assertThat(sub).isEqualTo(historySubscription());
        reader.send(new Unsubscribe(2, sub));
        reader.next(Unsubscribed.class);

        publish("com.mycompany.log.later");

        assertThat(getEvents(sub, Map.of())).hasSize(1);
    }

    @Test
    void badQueriesAndSubscriptionsWithoutHistoryGetErrors() {
        long sub = historySubscription();
        reader.send(new Subscribe(1, Map.of(), "com.other"));
        long plain = reader.next(Subscribed.class).subscriptionId();

        assertThat(getEventsError(sub, Map.of("from_time", "yesterday"))).isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(getEventsError(sub, Map.of("limit", 0))).isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(getEventsError(sub, Map.of("after_publication", 1234))).isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(getEventsError(plain, Map.of())).isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(getEventsError(987654321L, Map.of())).isEqualTo(WampErrors.NO_SUCH_SUBSCRIPTION);
    }

    @Test
    void eventsOlderThanMaxAgeLeaveTheHistory() {
        AtomicLong now = new AtomicLong(0);
        EventHistory history = new EventHistory(
                new PubSubSettings.HistoryTopic("t", MatchPolicy.EXACT, 10, Duration.ofSeconds(10)), now::get);
        history.append(Publication.of(1, new Publish(1, Map.of(), "t", null), publisher.session(), null));
        now.set(5_000);
        history.append(Publication.of(2, new Publish(2, Map.of(), "t", null), publisher.session(), null));

        now.set(10_000);
        assertThat(history.snapshot()).hasSize(2);
        now.set(10_001);
        assertThat(history.snapshot()).map(s -> s.publication().id()).containsExactly(2L);
    }

    private long historySubscription() {
        reader.send(new Call(1, Map.of(), "wamp.subscription.lookup",
                Payload.of(List.of("com.mycompany.log", Map.of("match", "prefix")))));
        return ((Number) ((Payload.Arguments) reader.next(Result.class).payload()).args().get(0)).longValue();
    }

    private long publish(String topic) {
        return publish(topic, Map.of());
    }

    private long publish(String topic, Map<String, Object> options) {
        Map<String, Object> o = new java.util.HashMap<>(options);
        o.put("acknowledge", true);
        publisher.send(new Publish(1, o, topic, Payload.of(List.of(topic))));
        return publisher.next(Published.class).publicationId();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> getEvents(long sub, Map<String, Object> kwargs) {
        reader.send(new Call(2, Map.of(), "wamp.subscription.get_events", Payload.of(List.of(sub), kwargs)));
        return (List<Map<String, Object>>) ((Payload.Arguments) reader.next(Result.class).payload()).args().get(0);
    }

    private String getEventsError(long sub, Map<String, Object> kwargs) {
        reader.send(new Call(2, Map.of(), "wamp.subscription.get_events", Payload.of(List.of(sub), kwargs)));
        return reader.next(Error.class).error();
    }
}
