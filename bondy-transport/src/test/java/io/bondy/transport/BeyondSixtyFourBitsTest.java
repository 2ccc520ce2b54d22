package io.bondy.transport;

import static io.bondy.transport.support.WampAssertions.assertAbortedForProtocolViolation;
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
import io.bondy.core.message.Welcome;
import io.bondy.core.message.Yield;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.WampTestClient;
import io.bondy.transport.support.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Integers beyond 64 bits (JSON numbers and CBOR bignums can be that large; MessagePack has no such
 * integer): the router must not accept from one client what it cannot deliver to another. Found by
 * the fuzzer (SerializerFuzzTest, PipelineFuzzTest): a JSON CALL or PUBLISH carrying 2^64 was routed,
 * writing the INVOCATION or EVENT for a MessagePack peer threw in the sender's pipeline, the sender's
 * connection was dropped without ABORT and the publication's fan-out stopped at the MessagePack
 * subscriber. Such a message is now a protocol violation of its sender, and everyone else is untouched.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BeyondSixtyFourBitsTest {

    private static final String TWO_TO_64 = "18446744073709551616";

    private RunningServer server;

    @BeforeEach
    void start() {
        server = RunningServer.standard();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPublicationWithAnIntegerBeyond64BitsIsAbortedAndSubscribersKeepTheirEvents() {
        try (WebSocketClient msgpack = join(SerializerKind.MSGPACK); WebSocketClient json = join(SerializerKind.JSON);
             WebSocketClient publisher = join(SerializerKind.JSON)) {
            for (WebSocketClient subscriber : List.of(msgpack, json)) {
                subscriber.send(new Subscribe(1, Map.of(), "com.example.big"));
                subscriber.next(Subscribed.class);
            }

            publisher.sendText("[16, 2, {\"acknowledge\": true}, \"com.example.big\", [" + TWO_TO_64 + "]]");

            assertThat(assertAbortedForProtocolViolation(publisher).details().get("message").toString())
                    .contains("64 bits");
            try (WebSocketClient next = join(SerializerKind.JSON)) {
                next.send(new Publish(3, Map.of("acknowledge", true), "com.example.big",
                        new Payload.Arguments(List.of(9223372036854775807L), null)));
                next.next(Published.class);
            }
            for (WebSocketClient subscriber : List.of(msgpack, json)) {
                Event event = subscriber.next(Event.class);
                assertThat(((Payload.Arguments) event.payload()).args()).containsExactly(9223372036854775807L);
            }
        }
    }

    @Test
    void aCallWithAnIntegerBeyond64BitsIsAbortedAndTheCalleeStays() {
        try (WebSocketClient callee = join(SerializerKind.MSGPACK); WebSocketClient caller = join(SerializerKind.CBOR)) {
            callee.send(new Register(1, Map.of(), "com.example.big"));
            callee.next(Registered.class);

            // CBOR: [48, 2, {}, "com.example.big", [bignum 2^64]] (tag 2, 9-byte magnitude)
            caller.sendBinary(hex("85" + "1830" + "02" + "a0" + "6f" + hexOf("com.example.big") + "81"
                    + "c249010000000000000000"));

            assertAbortedForProtocolViolation(caller);
            try (WebSocketClient next = join(SerializerKind.JSON)) {
                next.send(new Call(3, Map.of(), "com.example.big", new Payload.Arguments(List.of(1), null)));
                Invocation invocation = callee.next(Invocation.class);
                callee.send(new Yield(invocation.requestId(), Map.of(), invocation.payload()));
                assertThat(next.next(Result.class).requestId()).isEqualTo(3);
            }
        }
    }

    private WebSocketClient join(SerializerKind kind) {
        WebSocketClient client = WebSocketClient.open(server.webSocketPort(), kind);
        client.send(WampTestClient.hello());
        client.next(Welcome.class);
        return client;
    }

    private static String hexOf(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
