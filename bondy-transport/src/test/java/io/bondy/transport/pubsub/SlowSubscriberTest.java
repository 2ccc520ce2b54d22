package io.bondy.transport.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Abort;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.AnonymousAuthenticator;
import io.bondy.core.config.PubSubSettings;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.router.Router;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.uri.UriValidator;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WebSocketClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A RawSocket subscriber that stops reading while a WebSocket publisher publishes: the publisher and
 * a second subscriber keep going at full pace, and the slow one's events are dropped (policy
 * {@code drop}) or its session is closed (policy {@code close}), counted in the metrics.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowSubscriberTest {

    private static final String TOPIC = "com.example.firehose";
    /** Small per-connection outbound limit, so a few MiB of events fill it past the socket buffers. */
    private static final long MAX_OUTBOUND = 256 * 1024;
    private static final String CHUNK = "x".repeat(16 * 1024);
    /** Far more than the outbound limit plus any loopback socket buffers. */
    private static final int MAX_PUBLICATIONS = 3000;

    private final CountingMetrics metrics = new CountingMetrics();

    @Test
    void dropPolicyDropsTheNonReadingSubscribersEventsWhileThePublisherAndOthersProgress() {
        try (RunningServer server = server(PubSubSettings.SlowSubscriberPolicy.DROP);
             RawSocketClient slow = RawSocketClient.open(server.rawSocketPort(), SerializerKind.MSGPACK);
             WebSocketClient fast = WebSocketClient.open(server.webSocketPort(), SerializerKind.CBOR);
             WebSocketClient publisher = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            joinAndSubscribe(slow, fast, publisher);

            int published = publishUntil(publisher, fast, () -> metrics.dropped.get() >= 10);

            assertThat(metrics.dropped.get()).as("events dropped for the slow subscriber").isGreaterThanOrEqualTo(10);
            assertThat(published).as("the publisher never waited").isLessThan(MAX_PUBLICATIONS);
            assertThat(metrics.closed.get()).isZero();
            assertThat(server.router().realm("realm1").orElseThrow().sessions()).hasSize(3);
        }
    }

    @Test
    void closePolicyClosesTheNonReadingSubscriberWhileThePublisherAndOthersProgress() {
        try (RunningServer server = server(PubSubSettings.SlowSubscriberPolicy.CLOSE);
             RawSocketClient slow = RawSocketClient.open(server.rawSocketPort(), SerializerKind.CBOR);
             WebSocketClient fast = WebSocketClient.open(server.webSocketPort(), SerializerKind.MSGPACK);
             WebSocketClient publisher = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            joinAndSubscribe(slow, fast, publisher);

            publishUntil(publisher, fast, () -> metrics.closed.get() == 1);
            publishUntil(publisher, fast, () -> true); // and the others still go on afterwards

            assertThat(server.router().realm("realm1").orElseThrow().sessions()).hasSize(2);
            List<WampMessage> tail = drainUntilClosed(slow);
            assertThat(tail).last().isInstanceOfSatisfying(Abort.class,
                    a -> assertThat(a.reason()).isEqualTo("bondy.error.slow_subscriber"));
            assertThat(metrics.closed.get()).isEqualTo(1);
        }
    }

    private RunningServer server(PubSubSettings.SlowSubscriberPolicy policy) {
        RealmConfig realm = new RealmConfig("realm1", "test", List.of("anonymous"), false, RpcSettings.DEFAULTS,
                PubSubSettings.DEFAULTS.withSlowSubscriber(policy));
        Router router = new Router(new RouterConfig(List.of(realm), UriValidator.LOOSE, "bondy-test"),
                new AnonymousAuthenticator(), Authorizer.ALLOW_ALL, metrics);
        TransportConfig standard = TestConfigs.standard();
        TransportConfig small = new TransportConfig(standard.websocket(), standard.rawsocket(), 2, true,
                64 * 1024, MAX_OUTBOUND);
        return new RunningServer(small, router);
    }

    private static void joinAndSubscribe(RawSocketClient slow, WebSocketClient fast, WebSocketClient publisher) {
        slow.join();
        fast.join();
        publisher.join();
        for (var subscriber : List.of(slow, fast)) {
            subscriber.send(new Subscribe(1, Map.of(), TOPIC));
        }
        slow.next(Subscribed.class);
        fast.next(Subscribed.class);
    }

    /**
     * Publishes (acknowledged) until {@code done}; every PUBLISHED and every event of the fast
     * subscriber must arrive. Returns how many were published. Bounded by {@link #MAX_PUBLICATIONS}.
     */
    private static int publishUntil(WebSocketClient publisher, WebSocketClient fast, BooleanSupplier done) {
        int n = 0;
        while (n < MAX_PUBLICATIONS) {
            n++;
            publisher.send(new Publish(n, Map.of("acknowledge", true), TOPIC, Payload.of(List.of(n, CHUNK))));
            assertThat(publisher.next(Published.class).requestId()).isEqualTo(n);
            Event e = fast.next(Event.class);
            assertThat(((Payload.Arguments) e.payload()).args().get(0)).isEqualTo(n);
            if (done.getAsBoolean()) {
                return n;
            }
        }
        throw new AssertionError("the slow subscriber's queue never filled in " + MAX_PUBLICATIONS + " events");
    }

    /** Everything the slow client was sent before the server closed its connection. */
    private static List<WampMessage> drainUntilClosed(RawSocketClient slow) {
        List<WampMessage> out = new ArrayList<>();
        while (true) {
            try {
                out.add(slow.next());
            } catch (AssertionError closed) {
                return out;
            }
        }
    }

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
