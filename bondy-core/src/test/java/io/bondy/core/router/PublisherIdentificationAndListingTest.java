package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.config.PubSubSettings;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublisherIdentificationAndListingTest {

    private static final String TOPIC = "com.example.listing";

    private final RouterFixture fixture = new RouterFixture(PubSubSettings.DEFAULTS);
    private final RouterFixture.Client publisher = fixture.joinAs("pub", "publisher");
    private final RouterFixture.Client alice = fixture.joinAs("alice", "manager");
    private final RouterFixture.Client bob = fixture.joinAs("bob", "staff");
    private final RouterFixture.Client carol = fixture.joinAs("carol", "staff");

    @Test
    void discloseMeIdentifiesThePublisherBySessionAuthidAndAuthrole() {
        subscribe(alice);

        publish(Map.of("disclose_me", true));

        Event e = alice.next(Event.class);
        assertThat(e.details()).containsEntry("publisher", publisher.id())
                .containsEntry("publisher_authid", "pub").containsEntry("publisher_authrole", "publisher");
    }

    @Test
    void withoutDiscloseMeThePublisherStaysAnonymous() {
        subscribe(alice);

        publish(Map.of());

        assertThat(alice.next(Event.class).details()).doesNotContainKeys("publisher", "publisher_authid",
                "publisher_authrole");
    }

    @Test
    void excludeBySessionIdBlacklistsThoseSessions() {
        subscribeAll();

        publish(Map.of("exclude", List.of(bob.id())));

        assertThat(receivers()).containsExactlyInAnyOrder("alice", "carol");
    }

    @Test
    void eligibleBySessionIdWhitelistsOnlyThoseSessions() {
        subscribeAll();

        publish(Map.of("eligible", List.of(bob.id(), carol.id())));

        assertThat(receivers()).containsExactlyInAnyOrder("bob", "carol");
    }

    @Test
    void excludeWinsOverEligibleForTheSameSession() {
        subscribeAll();

        publish(Map.of("eligible", List.of(alice.id(), bob.id(), carol.id()), "exclude", List.of(alice.id())));

        assertThat(receivers()).containsExactlyInAnyOrder("bob", "carol");
    }

    @Test
    void authidListsFilterByAuthid() {
        subscribeAll();
        publish(Map.of("eligible_authid", List.of("alice", "bob")));
        assertThat(receivers()).containsExactlyInAnyOrder("alice", "bob");

        publish(Map.of("exclude_authid", List.of("alice")));
        assertThat(receivers()).containsExactlyInAnyOrder("bob", "carol");
    }

    @Test
    void authroleListsFilterByAuthrole() {
        subscribeAll();
        publish(Map.of("eligible_authrole", List.of("manager")));
        assertThat(receivers()).containsExactly("alice");

        publish(Map.of("exclude_authrole", List.of("manager")));
        assertThat(receivers()).containsExactlyInAnyOrder("bob", "carol");
    }

    @Test
    void allListsCombineWithAnd() {
        subscribeAll();

        publish(Map.of("eligible_authrole", List.of("staff"), "exclude_authid", List.of("carol")));

        assertThat(receivers()).containsExactly("bob");
    }

    @Test
    void publisherInAnEligibleListIsStillExcludedUnlessExcludeMeIsFalse() {
        subscribe(publisher);
        publish(Map.of("eligible", List.of(publisher.id())));
        assertThat(publisher.peer().drain()).isEmpty();

        publisher.send(new Publish(2, Map.of("eligible", List.of(publisher.id()), "exclude_me", false,
                "acknowledge", true), TOPIC, Payload.of(List.of("x"))));
        assertThat(publisher.next(Event.class).payload()).isEqualTo(Payload.of(List.of("x")));
        publisher.next(Published.class);
    }

    private void subscribeAll() {
        for (RouterFixture.Client c : List.of(alice, bob, carol)) {
            subscribe(c);
        }
    }

    private static void subscribe(RouterFixture.Client c) {
        c.send(new Subscribe(1, Map.of(), TOPIC));
        c.next(Subscribed.class);
    }

    /** Publishes with acknowledge; the PUBLISHED reply comes after every EVENT is queued (same thread). */
    private void publish(Map<String, Object> options) {
        Map<String, Object> o = new java.util.HashMap<>(options);
        o.put("acknowledge", true);
        publisher.send(new Publish(1, o, TOPIC, Payload.of(List.of("x"))));
        publisher.next(Published.class);
    }

    private List<String> receivers() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (RouterFixture.Client c : List.of(alice, bob, carol)) {
            if (!c.peer().drain().isEmpty()) {
                out.add(c.session().identity().authid());
            }
        }
        return out;
    }
}
