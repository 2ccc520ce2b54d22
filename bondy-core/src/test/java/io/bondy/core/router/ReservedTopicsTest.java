package io.bondy.core.router;

import static io.bondy.core.router.Rpc.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.PubSubSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.router.pubsub.Broker;
import io.bondy.core.spi.RouterMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Only the router publishes to {@code wamp.*} and {@code bondy.*}: a client's PUBLISH there is refused
 * ({@code wamp.error.invalid_uri} when acknowledged, dropped and counted when not) and never reaches
 * a subscriber, while the router's own meta events still do.
 */
class ReservedTopicsTest {

    private static final String BARRIER = "com.example.barrier";

    private final CountingMetrics metrics = new CountingMetrics();
    private final RouterFixture fixture = new RouterFixture(PubSubSettings.DEFAULTS, metrics);
    private final RouterFixture.Client forger = fixture.join();
    private final RouterFixture.Client subscriber = fixture.join();

    @Test
    void aClientCannotForgeMetaEventsAcknowledgedOrNot() {
        long onJoin = subscribe(subscriber, "wamp.session.on_join");
        long realmDeleted = subscribe(subscriber, "bondy.realm.deleted");
        long barrier = subscribe(subscriber, BARRIER);

        for (String topic : List.of("wamp.session.on_join", "bondy.realm.deleted", "bondy.user.added", "wamp", "bondy")) {
            forger.send(new Publish(1, Map.of("acknowledge", true), topic, Payload.of(List.of(Map.of("session", 1)))));
            Error error = forger.next(Error.class);
            assertThat(error.requestType()).isEqualTo(MessageType.PUBLISH.code());
            assertThat(error.requestId()).isEqualTo(1);
            assertThat(error.error()).isEqualTo(WampErrors.INVALID_URI);
            assertThat(error.payload().toString()).contains("reserved for the router");

            forger.send(new Publish(2, Map.of(), topic, Payload.of(List.of("forged"))));
        }
        assertThat(metrics.refused(Broker.REFUSED_RESERVED)).isEqualTo(10);

        // Barrier: a later event of the same publisher arrives after anything it published before.
        forger.send(new Publish(3, Map.of("acknowledge", true), BARRIER, Payload.of(List.of("legit"))));
        forger.next(Published.class);
        Event first = subscriber.next(Event.class);
        assertThat(first.subscriptionId()).isEqualTo(barrier);
        assertThat(forger.peer().drain()).as("nothing answers the unacknowledged ones").isEmpty();

        // The router's own meta event still arrives.
        RouterFixture.Client newcomer = fixture.join();
        Event joined = subscriber.next(Event.class);
        assertThat(joined.subscriptionId()).isEqualTo(onJoin);
        assertThat(joined.payload().toString()).contains(String.valueOf(newcomer.id()));
        assertThat(realmDeleted).isPositive();
    }

    @Test
    void onlyTheFirstComponentIsReserved() {
        subscribe(subscriber, "wampx.session.on_join");
        subscribe(subscriber, "com.bondy.realm.deleted");
        forger.send(new Publish(1, Map.of("acknowledge", true), "wampx.session.on_join", Payload.NONE));
        forger.next(Published.class);
        forger.send(new Publish(2, Map.of("acknowledge", true), "com.bondy.realm.deleted", Payload.NONE));
        forger.next(Published.class);
        subscriber.next(Event.class);
        subscriber.next(Event.class);
        assertThat(metrics.refused(Broker.REFUSED_RESERVED)).isZero();
    }

    @Test
    void aTestamentCannotMakeTheRouterPublishToItsOwnTopics() {
        subscribe(subscriber, "wamp.session.on_leave");
        forger.send(new Call(5, Map.of(), "wamp.session.add_testament",
                Payload.of(List.of("bondy.realm.deleted", List.of("realm1")))));
        Error error = forger.next(Error.class);
        assertThat(error.error()).isEqualTo(WampErrors.INVALID_URI);
        assertThat(error.payload().toString()).contains("reserved for the router");
    }

    @Test
    void otherRefusedPublicationsAreCountedToo() {
        forger.send(new Publish(1, Map.of(), "bad topic", Payload.NONE));
        assertThat(metrics.refused(Broker.REFUSED_INVALID_URI)).isEqualTo(1);
    }

    private static final class CountingMetrics implements RouterMetrics {
        final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();

        @Override
        public void publishRefused(String realm, String reason) {
            refused.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
        }

        int refused(String reason) {
            AtomicInteger n = refused.get(reason);
            return n == null ? 0 : n.get();
        }
    }
}
