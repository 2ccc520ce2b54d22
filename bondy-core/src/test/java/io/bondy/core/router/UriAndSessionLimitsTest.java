package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RoutingLimits;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.pubsub.Subscription;
import io.bondy.core.router.pubsub.SubscriptionListener;
import io.bondy.core.router.pubsub.SubscriptionTable;
import io.bondy.core.router.rpc.Registration;
import io.bondy.core.router.rpc.RegistrationListener;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.testing.RecordingPeer;
import io.bondy.core.uri.UriLimits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The bounds of issue 18: URI length and components (topics, procedures, patterns, the realm in
 * HELLO) checked before any work, registrations and subscriptions per session, and a session's
 * routes all going when it leaves, however long they were or whatever fails on the way.
 */
class UriAndSessionLimitsTest {


    @Test
    void anEightMegabytePrefixSubscriptionIsRefusedNamingTheLimitAndTheRouterStillAnswers() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client client = fixture.join();
        String huge = "o".repeat(8_000_000);

        client.send(new Subscribe(1, Map.of("match", "prefix"), huge));

        Error error = client.next(Error.class);
        assertThat(error.requestType()).isEqualTo(MessageType.SUBSCRIBE.code());
        assertThat(error.error()).isEqualTo(WampErrors.INVALID_URI);
        assertThat(message(error)).contains("512 bytes", "wamp.uri_max_length").hasSizeLessThan(300);
        assertThat(fixture.router.realm("realm1").orElseThrow().broker().table().all()).isEmpty();

        client.send(new Subscribe(2, Map.of("match", "prefix"), "com.example"));
        assertThat(client.next(Subscribed.class).requestId()).isEqualTo(2);
        RouterFixture.Client other = fixture.join();
        other.send(new Publish(3, Map.of("acknowledge", true), "com.example.x", Payload.NONE));
        assertThat(other.next(WampMessage.class)).isInstanceOf(io.bondy.core.message.Published.class);
    }

    @Test
    void aWildcardPatternOfHalfAMillionComponentsIsRefused() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client client = fixture.join();

        client.send(new Subscribe(1, Map.of("match", "wildcard"), "a.".repeat(500_000)));
        Error subscribe = client.next(Error.class);
        assertThat(subscribe.error()).isEqualTo(WampErrors.INVALID_URI);
        assertThat(message(subscribe)).contains("wamp.uri_max_length");

        client.send(new Register(2, Map.of("match", "wildcard"), "a.".repeat(500_000)));
        assertThat(client.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);
        assertThat(client.session().isEstablished()).isTrue();
    }

    @Test
    void tooManyComponentsAreRefusedNamingThatLimitEvenWithinTheLength() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client client = fixture.join();
        String pattern = "a.".repeat(100) + "b"; // 201 bytes, 101 components

        client.send(new Subscribe(1, Map.of("match", "wildcard"), pattern));
        Error error = client.next(Error.class);
        assertThat(error.error()).isEqualTo(WampErrors.INVALID_URI);
        assertThat(message(error)).contains("64 components", "wamp.uri_max_components");

        client.send(new Register(2, Map.of(), "a" + ".b".repeat(64)));
        assertThat(message(client.next(Error.class))).contains("wamp.uri_max_components");

        client.send(new Register(3, Map.of(), "a" + ".b".repeat(63)));
        assertThat(client.next(Registered.class).requestId()).isEqualTo(3);
    }

    @Test
    void overLongCallsAndAcknowledgedPublicationsGetInvalidUriNamingTheLimit() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client client = fixture.join();
        String longUri = "com." + "x".repeat(600);

        client.send(new Call(1, Map.of(), longUri, Payload.NONE));
        Error call = client.next(Error.class);
        assertThat(call.requestType()).isEqualTo(MessageType.CALL.code());
        assertThat(call.error()).isEqualTo(WampErrors.INVALID_URI);
        assertThat(message(call)).contains("wamp.uri_max_length");

        client.send(new Publish(2, Map.of("acknowledge", true), longUri, Payload.NONE));
        Error publish = client.next(Error.class);
        assertThat(publish.requestType()).isEqualTo(MessageType.PUBLISH.code());
        assertThat(message(publish)).contains("wamp.uri_max_length");

        client.send(new Publish(3, Map.of(), longUri, Payload.NONE));
        assertThat(client.peer().drain()).as("no ERROR without acknowledge, as the spec says").isEmpty();
    }

    @Test
    void theLengthLimitCountsUtf8Bytes() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client client = fixture.join();
        String twoBytesEach = "é".repeat(300); // 300 characters, 600 bytes

        client.send(new Register(1, Map.of(), twoBytesEach));
        assertThat(message(client.next(Error.class))).contains("512 bytes");
        client.send(new Register(2, Map.of(), "é".repeat(256)));
        assertThat(client.next(Registered.class).requestId()).isEqualTo(2);
    }

    @Test
    void anOverLongRealmInHelloIsAbortedWithInvalidUri() {
        RouterFixture fixture = new RouterFixture();
        RecordingPeer peer = new RecordingPeer();
        WampSession session = fixture.router.open(peer);

        session.receive(new Hello("r".repeat(8_000_000), Map.of("roles", Map.of("caller", Map.of()))));

        Abort abort = peer.next(Abort.class);
        assertThat(abort.reason()).isEqualTo(WampErrors.INVALID_URI);
        assertThat(String.valueOf(abort.details().get("message"))).contains("wamp.uri_max_length")
                .hasSizeLessThan(300);
    }

    @Test
    void aTwentyThousandCharacterPrefixRegistrationLeavesWithoutStackOverflowAndTakesNothingElseAlong() {
        RouterFixture fixture = new RouterFixture(RoutingLimits.DEFAULTS.withUris(new UriLimits(100_000, 64)));
        RouterFixture.Client callee = fixture.join();
        String deep = "a".repeat(20_000);
        Rpc.register(callee, deep, Map.of("match", "prefix"));
        Rpc.register(callee, "com.example.add");
        Rpc.register(callee, "com.example.prefix", Map.of("match", "prefix"));

        // leave on a thread with a Netty event loop's stack (the JVM default), not the main thread's 8 MB
        onEventLoopSizedStack(() -> callee.send(new Goodbye(Map.of(), WampErrors.CLOSE_NORMAL)));
        callee.next(Goodbye.class);

        RouterFixture.Client next = fixture.join();
        Rpc.register(next, "com.example.add");
        Rpc.register(next, deep, Map.of("match", "prefix"));
        Rpc.register(next, "com.example.prefix", Map.of("match", "prefix"));
        RouterFixture.Client caller = fixture.join();
        caller.send(new Call(9, Map.of(), "com.example.add", Payload.NONE));
        assertThat(next.next(Invocation.class)).isNotNull();
    }

    @Test
    void aDeepWildcardPatternLeavesWithoutStackOverflow() {
        RouterFixture fixture = new RouterFixture(
                RoutingLimits.DEFAULTS.withUris(new UriLimits(1_000_000, 500_000)));
        RouterFixture.Client client = fixture.join();
        String deep = "a.".repeat(100_000) + "b";
        client.send(new Subscribe(1, Map.of("match", "wildcard"), deep));
        client.next(Subscribed.class);
        Rpc.subscribe(client, "com.example.topic");

        onEventLoopSizedStack(() -> client.send(new Goodbye(Map.of(), WampErrors.CLOSE_NORMAL)));
        client.next(Goodbye.class);

        assertThat(fixture.router.realm("realm1").orElseThrow().broker().table().all()).isEmpty();
    }

    @Test
    void aFailingRemovalOfOneRegistrationDoesNotKeepTheSessionsOthers() {
        RouterFixture fixture = new RouterFixture();
        Realm realm = fixture.router.realm("realm1").orElseThrow();
        realm.registrar().listen(new RegistrationListener() {
            @Override
            public void onUnregister(WampSession session, Registration registration) {
                if (registration.procedure().equals("com.example.bad")) {
                    throw new IllegalStateException("a bug in a listener");
                }
            }
        });
        RouterFixture.Client callee = fixture.join();
        Rpc.register(callee, "com.example.a");
        Rpc.register(callee, "com.example.bad");
        Rpc.register(callee, "com.example.b");

        callee.send(new Goodbye(Map.of(), WampErrors.CLOSE_NORMAL));
        callee.next(Goodbye.class);

        RouterFixture.Client next = fixture.join();
        Rpc.register(next, "com.example.a");
        Rpc.register(next, "com.example.b");
    }

    @Test
    void aFailingRemovalOfOneSubscriptionDoesNotKeepTheSessionsOthers() {
        RouterFixture fixture = new RouterFixture();
        Realm realm = fixture.router.realm("realm1").orElseThrow();
        realm.broker().listen(new SubscriptionListener() {
            @Override
            public void onUnsubscribed(WampSession session, Subscription sub, SubscriptionTable.Removed removed) {
                if (sub.topic().equals("com.example.bad")) {
                    throw new IllegalStateException("a bug in a listener");
                }
            }
        });
        RouterFixture.Client client = fixture.join();
        Rpc.subscribe(client, "com.example.a");
        Rpc.subscribe(client, "com.example.bad");
        Rpc.subscribe(client, "com.example.b");

        client.send(new Goodbye(Map.of(), WampErrors.CLOSE_NORMAL));
        client.next(Goodbye.class);

        assertThat(realm.broker().table().all()).isEmpty();
    }

    @Test
    void registrationsPerSessionAreLimitedWithTooManyRegistrations() {
        RouterFixture fixture = new RouterFixture(RoutingLimits.DEFAULTS.withMaxRegistrationsPerSession(3));
        RouterFixture.Client callee = fixture.join();
        long first = Rpc.register(callee, "com.example.one");
        Rpc.register(callee, "com.example.two", Map.of("match", "prefix"));
        Rpc.register(callee, "com.example..three", Map.of("match", "wildcard"));

        callee.send(new Register(10, Map.of(), "com.example.four"));
        Error refused = callee.next(Error.class);
        assertThat(refused.error()).isEqualTo("bondy.error.too_many_registrations");
        assertThat(message(refused)).contains("3", "max_registrations_per_session");

        RouterFixture.Client other = fixture.join();
        Rpc.register(other, "com.example.four");

        callee.send(new Unregister(11, first));
        callee.next(Unregistered.class);
        Rpc.register(callee, "com.example.five");
    }

    @Test
    void subscriptionsPerSessionAreLimitedWithTooManySubscriptionsButResubscribingIsFine() {
        RouterFixture fixture = new RouterFixture(RoutingLimits.DEFAULTS.withMaxSubscriptionsPerSession(2));
        RouterFixture.Client client = fixture.join();
        long first = Rpc.subscribe(client, "com.example.one");
        client.send(new Subscribe(2, Map.of("match", "prefix"), "com.example.two"));
        client.next(Subscribed.class);

        client.send(new Subscribe(3, Map.of(), "com.example.three"));
        Error refused = client.next(Error.class);
        assertThat(refused.error()).isEqualTo("bondy.error.too_many_subscriptions");
        assertThat(message(refused)).contains("2", "max_subscriptions_per_session");

        client.send(new Subscribe(4, Map.of(), "com.example.one"));
        assertThat(client.next(Subscribed.class).subscriptionId()).isEqualTo(first);
    }

    @Test
    void theRoutersOwnSessionsHaveNoRegistrationLimit() {
        RouterFixture fixture = new RouterFixture(RoutingLimits.DEFAULTS.withMaxRegistrationsPerSession(1));
        RouterFixture.Client client = fixture.join();
        // the meta API registered dozens of procedures on the realm's internal session
        assertThat(Rpc.call(client, "wamp.session.count", List.of())).isNotNull();
    }

    private static String message(Error error) {
        return String.valueOf(((Payload.Arguments) error.payload()).args().get(0));
    }

    /** Runs {@code task} on a thread with the JVM's default stack size (as Netty's event loops); rethrows what it threw. */
    private static void onEventLoopSizedStack(Runnable task) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                task.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "event-loop-like", 1L << 20);
        t.start();
        try {
            t.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw new AssertionError("the task failed on its thread", failure.get());
        }
    }
}
