package io.bondy.transport.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.WebSocketClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** An anonymous client over a real socket cannot publish the router's meta events; the router's own still arrive. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReservedTopicsTransportTest {

    @Test
    void anAnonymousClientCannotForgeMetaEvents() {
        try (RunningServer server = RunningServer.standard();
             WebSocketClient forger = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON);
             RawSocketClient subscriber = RawSocketClient.open(server.rawSocketPort(), SerializerKind.MSGPACK)) {
            forger.join();
            subscriber.join();
            subscriber.send(new Subscribe(1, Map.of(), "wamp.session.on_join"));
            long onJoin = subscriber.next(Subscribed.class).subscriptionId();
            subscriber.send(new Subscribe(2, Map.of(), "bondy.realm.deleted"));
            subscriber.next(Subscribed.class);
            subscriber.send(new Subscribe(3, Map.of(), "com.example.barrier"));
            long barrier = subscriber.next(Subscribed.class).subscriptionId();

            for (String topic : List.of("wamp.session.on_join", "bondy.realm.deleted")) {
                forger.send(new Publish(1, Map.of("acknowledge", true), topic, Payload.of(List.of(Map.of("session", 1)))));
                Error error = forger.next(Error.class);
                assertThat(error.error()).isEqualTo(WampErrors.INVALID_URI);
                assertThat(error.payload().toString()).contains("reserved for the router");
                forger.send(new Publish(2, Map.of(), topic, Payload.of(List.of("forged"))));
            }
            forger.send(new Publish(3, Map.of("acknowledge", true), "com.example.barrier", Payload.NONE));
            forger.next(Published.class);

            assertThat(subscriber.next(Event.class).subscriptionId()).as("nothing forged before the barrier")
                    .isEqualTo(barrier);
            try (WebSocketClient newcomer = WebSocketClient.open(server.webSocketPort(), SerializerKind.CBOR)) {
                Welcome welcome = newcomer.join();
                Event joined = subscriber.next(Event.class);
                assertThat(joined.subscriptionId()).isEqualTo(onJoin);
                assertThat(joined.payload().toString()).contains(String.valueOf(welcome.session()));
            }
        }
    }
}
