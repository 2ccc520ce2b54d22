package io.bondy.security;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * In a secured realm, even a user granted {@code wamp.publish} on {@code any} cannot publish the
 * router's meta events ({@code wamp.*}, {@code bondy.*}); the router's own still arrive.
 */
@Timeout(30)
class ReservedTopicsRbacTest {

    private final SecureRouter r = new SecureRouter();

    @Test
    void aUserAllowedToPublishAnywhereCannotForgeMetaEvents() {
        r.addUser("mallory", "mallory-password", "wampcra", List.of());
        r.addUser("bob", "bob-password", "wampcra", List.of());
        for (String user : List.of("mallory", "bob")) {
            r.admin.callOk("bondy.grant.create", SecureRouter.REALM, Map.of("roles", List.of(user),
                    "permissions", List.of("wamp.publish", "wamp.subscribe"), "resources", List.of("any")));
        }
        SecureRouter.Client mallory = Cra.join(r, SecureRouter.REALM, "mallory", "mallory-password", "10.0.0.1");
        SecureRouter.Client bob = Cra.join(r, SecureRouter.REALM, "bob", "bob-password", "10.0.0.2");
        long onJoin = subscribe(bob, 1, "wamp.session.on_join");
        subscribe(bob, 2, "bondy.realm.deleted");
        long barrier = subscribe(bob, 3, "com.example.barrier");

        for (String topic : List.of("wamp.session.on_join", "bondy.realm.deleted")) {
            mallory.send(new Publish(10, Map.of("acknowledge", true), topic, Payload.of(List.of(Map.of("session", 1)))));
            Error error = mallory.next(Error.class);
            assertThat(error.error()).isEqualTo(WampErrors.INVALID_URI);
            mallory.send(new Publish(11, Map.of(), topic, Payload.of(List.of("forged"))));
        }
        mallory.send(new Publish(12, Map.of("acknowledge", true), "com.example.barrier", Payload.NONE));
        mallory.next(Published.class);

        assertThat(bob.next(Event.class).subscriptionId()).as("the barrier comes first").isEqualTo(barrier);
        SecureRouter.Client newcomer = Cra.join(r, SecureRouter.REALM, "mallory", "mallory-password", "10.0.0.3");
        Event joined = bob.next(Event.class);
        assertThat(joined.subscriptionId()).isEqualTo(onJoin);
        assertThat(joined.payload().toString()).contains(String.valueOf(newcomer.session().id()));
    }

    private static long subscribe(SecureRouter.Client c, long request, String topic) {
        c.send(new Subscribe(request, Map.of(), topic));
        return c.next(Subscribed.class).subscriptionId();
    }
}
