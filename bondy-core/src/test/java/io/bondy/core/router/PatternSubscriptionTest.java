package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PatternSubscriptionTest {

    private final RouterFixture fixture = new RouterFixture();
    private final RouterFixture.Client publisher = fixture.join();
    private final RouterFixture.Client alice = fixture.join();
    private final RouterFixture.Client bob = fixture.join();

    @Test
    void prefixSubscriptionIsAPlainStringPrefixAndEventsNameTheConcreteTopic() {
        long sub = subscribe(alice, "com.myapp.topic.emergency", "prefix");

        for (String topic : List.of("com.myapp.topic.emergency.11", "com.myapp.topic.emergency-low",
                "com.myapp.topic.emergency.category.severe", "com.myapp.topic.emergency", "com.myapp.topic.emerge")) {
            publish(topic);
        }

        List<Object> topics = alice.peer().drain().stream().map(m -> (Event) m)
                .peek(e -> assertThat(e.subscriptionId()).isEqualTo(sub))
                .map(e -> e.details().get("topic")).collect(Collectors.toList());
        assertThat(topics).containsExactly("com.myapp.topic.emergency.11", "com.myapp.topic.emergency-low",
                "com.myapp.topic.emergency.category.severe", "com.myapp.topic.emergency");
    }

    @Test
    void wildcardMatchesWholeComponentsOnly() {
        subscribe(alice, "com.myapp..userevent", "wildcard");

        for (String topic : List.of("com.myapp.foo.userevent", "com.myapp.bar.userevent",
                "com.myapp.foo.userevent.bar", "com.myapp.foo.user", "com.myapp2.foo.userevent")) {
            publish(topic);
        }

        assertThat(alice.peer().drain()).map(m -> ((Event) m).details().get("topic"))
                .containsExactly("com.myapp.foo.userevent", "com.myapp.bar.userevent");
    }

    @Test
    void oneEventPerMatchingSubscriptionWithTheSamePublicationId() {
        long exact = subscribe(alice, "a.b.c", "exact");
        long prefix = subscribe(alice, "a.b", "prefix");
        long wildcard = subscribe(alice, "a..c", "wildcard");

        long publication = publish("a.b.c");

        List<Event> events = alice.peer().drain().stream().map(m -> (Event) m).toList();
        assertThat(events).map(Event::subscriptionId).containsExactlyInAnyOrder(exact, prefix, wildcard);
        assertThat(events).allSatisfy(e -> assertThat(e.publicationId()).isEqualTo(publication));
        Event exactEvent = events.stream().filter(e -> e.subscriptionId() == exact).findFirst().orElseThrow();
        assertThat(exactEvent.details()).as("exact subscriptions need no topic").doesNotContainKey("topic");
    }

    @Test
    void subscribersOfTheSamePatternAndPolicyShareOneSubscriptionId() {
        long a = subscribe(alice, "com.x", "prefix");
        long b = subscribe(bob, "com.x", "prefix");
        long exact = subscribe(bob, "com.x", "exact");

        assertThat(a).isEqualTo(b);
        assertThat(exact).as("another policy is another subscription").isNotEqualTo(a);
    }

    @Test
    void subscribingTwiceToTheSamePatternReturnsTheSameSubscription() {
        long first = subscribe(alice, "com.twice", "wildcard");
        long second = subscribe(alice, "com.twice", "wildcard");

        assertThat(second).isEqualTo(first);
        publish("com.twice");
        assertThat(alice.peer().drain()).as("one event, not two").hasSize(1);
    }

    @Test
    void invalidPatternsGetInvalidUri() {
        alice.send(new Subscribe(1, Map.of("match", "wildcard"), "com..has space"));
        assertThat(alice.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);
        alice.send(new Subscribe(2, Map.of("match", "exact"), "com..x"));
        assertThat(alice.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);
        alice.send(new Subscribe(3, Map.of("match", "prefix"), "com..x"));
        assertThat(alice.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);
    }

    @Test
    void prefixPatternMayEndWithADot() {
        subscribe(alice, "com.app.", "prefix");
        publish("com.app.x");
        publish("com.apple");
        assertThat(alice.peer().drain()).map(m -> ((Event) m).details().get("topic")).containsExactly("com.app.x");
    }

    static long subscribe(RouterFixture.Client c, String topic, String match) {
        c.send(new Subscribe(100, Map.of("match", match), topic));
        return c.next(Subscribed.class).subscriptionId();
    }

    private long publish(String topic) {
        publisher.send(new Publish(1, Map.of("acknowledge", true), topic, Payload.of(List.of(topic))));
        return publisher.next(Published.class).publicationId();
    }
}
