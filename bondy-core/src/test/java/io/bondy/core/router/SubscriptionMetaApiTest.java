package io.bondy.core.router;

import static io.bondy.core.router.PatternSubscriptionTest.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.Unsubscribed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionMetaApiTest {

    private final RouterFixture fixture = new RouterFixture();
    private final RouterFixture.Client observer = fixture.join();
    private final RouterFixture.Client alice = fixture.join();
    private final RouterFixture.Client bob = fixture.join();

    @Test
    void listGroupsSubscriptionIdsByMatchPolicy() {
        long exact = subscribe(alice, "com.a", "exact");
        long prefix = subscribe(alice, "com", "prefix");
        long wildcard = subscribe(bob, "com..x", "wildcard");

        Map<String, Object> lists = (Map<String, Object>) call("wamp.subscription.list").get(0);

        assertThat(lists).containsEntry("exact", List.of(exact)).containsEntry("prefix", List.of(prefix))
                .containsEntry("wildcard", List.of(wildcard));
    }

    @Test
    void lookupFindsTheSubscriptionOfATopicAndPolicyOrNull() {
        long prefix = subscribe(alice, "com.look", "prefix");

        assertThat(call("wamp.subscription.lookup", "com.look", Map.of("match", "prefix"))).containsExactly(prefix);
        assertThat(call("wamp.subscription.lookup", "com.look")).as("exact by default").containsExactly((Object) null);
    }

    @Test
    void matchListsEverySubscriptionMatchingAConcreteTopic() {
        long exact = subscribe(alice, "com.m.x", "exact");
        long prefix = subscribe(bob, "com.m", "prefix");
        subscribe(bob, "org", "prefix");

        assertThat((List<Object>) call("wamp.subscription.match", "com.m.x").get(0))
                .containsExactlyInAnyOrder(exact, prefix);
        assertThat(call("wamp.subscription.match", "nothing.here")).containsExactly((Object) null);
    }

    @Test
    void getDescribesASubscription() {
        long id = subscribe(alice, "com..g", "wildcard");

        Map<String, Object> details = (Map<String, Object>) call("wamp.subscription.get", id).get(0);

        assertThat(details).containsEntry("id", id).containsEntry("uri", "com..g").containsEntry("match", "wildcard");
        assertThat((String) details.get("created")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void listAndCountSubscribers() {
        long id = subscribe(alice, "com.count", "exact");
        subscribe(bob, "com.count", "exact");

        assertThat((List<Object>) call("wamp.subscription.list_subscribers", id).get(0))
                .containsExactlyInAnyOrder(alice.id(), bob.id());
        assertThat(call("wamp.subscription.count_subscribers", id)).containsExactly(2);
    }

    @Test
    void unknownSubscriptionIsNoSuchSubscriptionAndBadArgumentsAreInvalidArgument() {
        assertThat(callError("wamp.subscription.get", 424242L)).isEqualTo(WampErrors.NO_SUCH_SUBSCRIPTION);
        assertThat(callError("wamp.subscription.count_subscribers", "not an id")).isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(callError("wamp.subscription.lookup")).isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(callError("wamp.subscription.lookup", "t", Map.of("match", "fuzzy")))
                .isEqualTo(WampErrors.INVALID_ARGUMENT);
    }

    @Test
    void metaEventsFollowTheLifeOfASubscriptionInTheSpecOrder() {
        observer.send(new Subscribe(1, Map.of("match", "prefix"), "wamp.subscription.on_"));
        observer.next(Subscribed.class);
        observer.peer().drain();

        alice.send(new Subscribe(2, Map.of("match", "prefix"), "com.life"));
        long id = alice.next(Subscribed.class).subscriptionId();
        bob.send(new Subscribe(3, Map.of("match", "prefix"), "com.life"));
        bob.next(Subscribed.class);
        alice.send(new Unsubscribe(4, id));
        alice.next(Unsubscribed.class);
        bob.session().transportClosed();

        List<Event> events = observer.peer().drain().stream().map(m -> (Event) m).toList();
        assertThat(events).map(e -> e.details().get("topic")).containsExactly(
                "wamp.subscription.on_create", "wamp.subscription.on_subscribe", "wamp.subscription.on_subscribe",
                "wamp.subscription.on_unsubscribe", "wamp.subscription.on_unsubscribe", "wamp.subscription.on_delete");
        List<Object> create = ((Payload.Arguments) events.get(0).payload()).args();
        assertThat(create.get(0)).isEqualTo(alice.id());
        assertThat((Map<String, Object>) create.get(1)).containsEntry("id", id).containsEntry("uri", "com.life")
                .containsEntry("match", "prefix");
        assertThat(((Payload.Arguments) events.get(2).payload()).args()).containsExactly(bob.id(), id);
        assertThat(((Payload.Arguments) events.get(5).payload()).args()).containsExactly(bob.id(), id);
    }

    @Test
    void subscribingAgainToTheSameSubscriptionFiresNoMetaEvent() {
        observer.send(new Subscribe(1, Map.of("match", "prefix"), "wamp.subscription.on_"));
        observer.next(Subscribed.class);
        subscribe(alice, "com.again", "exact");
        observer.peer().drain();

        subscribe(alice, "com.again", "exact");

        assertThat(observer.peer().drain()).isEmpty();
    }

    private List<Object> call(String procedure, Object... args) {
        observer.send(new Call(9, Map.of(), procedure, Payload.of(List.of(args))));
        return ((Payload.Arguments) observer.next(Result.class).payload()).args();
    }

    private String callError(String procedure, Object... args) {
        observer.send(new Call(9, Map.of(), procedure, Payload.of(List.of(args))));
        return observer.next(Error.class).error();
    }
}
