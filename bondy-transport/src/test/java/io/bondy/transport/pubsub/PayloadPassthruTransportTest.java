package io.bondy.transport.pubsub;

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
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.WampTestClient;
import io.bondy.transport.support.WebSocketClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payload Passthru Mode over real sockets, with raw WAMP frames (no third-party client here speaks
 * {@code ppt_*}): a binary payload published or returned by a session of one serializer reaches
 * sessions of the other serializers byte for byte, with its ppt_* attributes.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PayloadPassthruTransportTest {

    private static final Map<String, Object> PPT = Map.of("ppt_scheme", "wamp", "ppt_serializer", "cbor",
            "ppt_cipher", "xsalsa20poly1305", "ppt_keyid", "0xabc");
    private static final byte[] SEALED = {0, (byte) 0x80, (byte) 0xff, 1, 2, 3, '"', '\\'};

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
    void publishedTransparentPayloadCrossesJsonMsgpackAndCborUntouched() {
        try (WampTestClient publisher = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON);
             WampTestClient msgpack = RawSocketClient.open(server.rawSocketPort(), SerializerKind.MSGPACK);
             WampTestClient cbor = WebSocketClient.open(server.webSocketPort(), SerializerKind.CBOR)) {
            for (WampTestClient c : new WampTestClient[] {publisher, msgpack, cbor}) {
                c.join();
            }
            for (WampTestClient s : new WampTestClient[] {msgpack, cbor}) {
                s.send(new Subscribe(1, Map.of("match", "prefix"), "com.e2e"));
                s.next(Subscribed.class);
            }
            Map<String, Object> options = new java.util.HashMap<>(PPT);
            options.put("acknowledge", true);

            publisher.send(new Publish(2, options, "com.e2e.secret", new Payload.Transparent(SEALED)));

            publisher.next(Published.class);
            for (WampTestClient s : new WampTestClient[] {msgpack, cbor}) {
                Event e = s.next(Event.class);
                assertThat(e.payload()).isEqualTo(new Payload.Transparent(SEALED));
                assertThat(e.details()).containsAllEntriesOf(PPT).containsEntry("topic", "com.e2e.secret");
            }
        }
    }

    @Test
    void callAndResultCarryTransparentPayloadsAndPptAttributesAcrossSerializers() {
        try (WampTestClient caller = RawSocketClient.open(server.rawSocketPort(), SerializerKind.CBOR);
             WampTestClient callee = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            caller.join();
            callee.join();
            callee.send(new Register(1, Map.of(), "com.e2e.rpc"));
            callee.next(Registered.class);

            caller.send(new Call(7, PPT, "com.e2e.rpc", new Payload.Transparent(SEALED)));
            Invocation inv = callee.next(Invocation.class);
            assertThat(inv.payload()).isEqualTo(new Payload.Transparent(SEALED));
            assertThat(inv.details()).containsAllEntriesOf(PPT);

            callee.send(new Yield(inv.requestId(), PPT, new Payload.Transparent(new byte[] {9, 8, 7})));
            Result result = caller.next(Result.class);
            assertThat(result.requestId()).isEqualTo(7);
            assertThat(result.payload()).isEqualTo(new Payload.Transparent(new byte[] {9, 8, 7}));
            assertThat(result.details()).containsAllEntriesOf(PPT);
        }
    }
}
