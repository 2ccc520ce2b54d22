package io.bondy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Call;
import io.bondy.core.message.Event;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Yield;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.Transport;
import io.bondy.transport.support.WampTestClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Calls and events between sessions on different transports and serializers. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CrossTransportRoutingTest {

    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.standard();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(Transport.WEBSOCKET, SerializerKind.JSON, Transport.RAWSOCKET, SerializerKind.MSGPACK),
                Arguments.of(Transport.RAWSOCKET, SerializerKind.CBOR, Transport.WEBSOCKET, SerializerKind.MSGPACK),
                Arguments.of(Transport.RAWSOCKET, SerializerKind.JSON, Transport.WEBSOCKET, SerializerKind.CBOR));
    }

    @ParameterizedTest(name = "{0} {1} calls {2} {3}")
    @MethodSource("pairs")
    void callerOnOneTransportGetsTheResultOfACalleeOnAnother(Transport callerTransport, SerializerKind callerKind,
                                                            Transport calleeTransport, SerializerKind calleeKind) {
        String procedure = "com.example.add." + callerKind + "." + calleeKind;
        try (WampTestClient callee = calleeTransport.open(server, calleeKind);
             WampTestClient caller = callerTransport.open(server, callerKind)) {
            callee.join();
            caller.join();
            callee.send(new Register(1, Map.of(), procedure));
            callee.next(Registered.class);

            caller.send(new Call(7, Map.of(), procedure, Payload.of(List.of(2, 3))));
            Invocation invocation = callee.next(Invocation.class);
            assertThat(numbers(((Payload.Arguments) invocation.payload()).args())).containsExactly(2L, 3L);
            callee.send(new Yield(invocation.requestId(), Map.of(), Payload.of(List.of(5))));

            Result result = caller.next(Result.class);
            assertThat(result.requestId()).isEqualTo(7);
            assertThat(numbers(((Payload.Arguments) result.payload()).args())).containsExactly(5L);
        }
    }

    @ParameterizedTest(name = "{0} {1} publishes to {2} {3}")
    @MethodSource("pairs")
    void acknowledgedPublicationReachesASubscriberOnAnotherTransport(Transport publisherTransport,
            SerializerKind publisherKind, Transport subscriberTransport, SerializerKind subscriberKind) {
        String topic = "com.example.news." + publisherKind + "." + subscriberKind;
        try (WampTestClient subscriber = subscriberTransport.open(server, subscriberKind);
             WampTestClient publisher = publisherTransport.open(server, publisherKind)) {
            subscriber.join();
            publisher.join();
            subscriber.send(new Subscribe(1, Map.of(), topic));
            long subscription = subscriber.next(Subscribed.class).subscriptionId();

            publisher.send(new Publish(9, Map.of("acknowledge", true), topic,
                    Payload.of(List.of("hello"), Map.of("n", 1))));

            assertThat(publisher.next(Published.class).requestId()).isEqualTo(9);
            Event event = subscriber.next(Event.class);
            assertThat(event.subscriptionId()).isEqualTo(subscription);
            assertThat(((Payload.Arguments) event.payload()).args()).containsExactly("hello");
            assertThat(((Number) ((Payload.Arguments) event.payload()).kwargs().get("n")).longValue()).isEqualTo(1L);
        }
    }

    /** Integers as longs: serializers may decode small integers as Integer or Long. */
    private static List<Long> numbers(List<Object> values) {
        return values.stream().map(v -> ((Number) v).longValue()).toList();
    }
}
