package io.bondy.transport.rawsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Yield;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.WampTestClient;
import io.bondy.transport.support.WebSocketClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The router never sends a RawSocket client a message longer than the client's handshake LENGTH. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawSocketOutboundLimitTest {

    /**
     * LENGTH 2: the client accepts messages of at most 2 KiB. (LENGTH 0, 512 bytes, no longer fits the
     * WELCOME, which lists every dealer and broker feature.)
     */
    private static final int SMALLEST = 2;
    private static final String TOO_LONG = "x".repeat(4000);

    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.standard();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void eventLongerThanTheClientAcceptsIsDroppedAndLaterEventsStillArrive() {
        try (RawSocketClient subscriber = RawSocketClient.open(server.rawSocketPort(), SerializerKind.JSON, SMALLEST);
             WampTestClient publisher = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            subscriber.join();
            publisher.join();
            subscriber.send(new Subscribe(1, Map.of(), "com.example.big"));
            subscriber.next(Subscribed.class);

            publisher.send(new Publish(1, Map.of("acknowledge", true), "com.example.big",
                    Payload.of(List.of(TOO_LONG))));
            publisher.send(new Publish(2, Map.of("acknowledge", true), "com.example.big",
                    Payload.of(List.of("small"))));
            publisher.next(Published.class);
            publisher.next(Published.class);

            Event event = subscriber.next(Event.class);
            assertThat(((Payload.Arguments) event.payload()).args()).containsExactly("small");
        }
    }

    @Test
    void resultLongerThanTheClientAcceptsBecomesPayloadSizeExceededError() {
        try (RawSocketClient caller = RawSocketClient.open(server.rawSocketPort(), SerializerKind.MSGPACK, SMALLEST);
             WampTestClient callee = WebSocketClient.open(server.webSocketPort(), SerializerKind.CBOR)) {
            caller.join();
            callee.join();
            callee.send(new Register(1, Map.of(), "com.example.big"));
            callee.next(Registered.class);

            caller.send(new Call(5, Map.of(), "com.example.big", Payload.NONE));
            Invocation invocation = callee.next(Invocation.class);
            callee.send(new Yield(invocation.requestId(), Map.of(), Payload.of(List.of(TOO_LONG))));

            Error error = caller.next(Error.class);
            assertThat(error.requestType()).isEqualTo(MessageType.CALL.code());
            assertThat(error.requestId()).isEqualTo(5);
            assertThat(error.error()).isEqualTo(WampErrors.PAYLOAD_SIZE_EXCEEDED);
        }
    }
}
