package io.bondy.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Event;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.transport.WebSocketExtras;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.RawWsConnection;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WampTestClient;
import io.bondy.transport.support.WsFrames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code wamp.2.json.batched} and {@code wamp.2.msgpack.batched} on a real listener, spoken by a hand-made
 * client: batches both ways, the per-batch message limit (3 here) both ways, malformed batches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoLeaks.class)
@Timeout(60)
class BatchedWebSocketTest {

    private static final int MAX_MESSAGES = 3;

    private RunningServer server;

    @BeforeAll
    void start() {
        server = new RunningServer(TestConfigs.standard().withWebSocketExtras(
                new WebSocketExtras(MAX_MESSAGES, null)), Router.development());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(value = SerializerKind.class, names = {"JSON", "MSGPACK"})
    void messagesGoBothWaysInBatches(SerializerKind kind) {
        try (Batched c = Batched.open(server.webSocketPort(), kind)) {
            assertThat(c.connection.handshakeResponse()).containsIgnoringCase(
                    "sec-websocket-protocol: " + kind.subprotocol() + ".batched");
            c.send(hello());
            assertThat(c.nextBatch()).singleElement().isInstanceOf(Welcome.class);

            c.send(json("[32,1,{},\"com.example.batch\"]"),
                    json("[16,2,{\"acknowledge\":true,\"exclude_me\":false},\"com.example.batch\",[1]]"),
                    json("[16,3,{\"acknowledge\":true,\"exclude_me\":false},\"com.example.batch\",[2]]"));
            List<WampMessage> received = new ArrayList<>();
            List<Integer> batchSizes = new ArrayList<>();
            while (received.size() < 5) {
                List<WampMessage> batch = c.nextBatch();
                batchSizes.add(batch.size());
                received.addAll(batch);
            }
            assertThat(received).hasOnlyElementsOfTypes(Subscribed.class, Published.class, Event.class);
            assertThat(received.stream().filter(Event.class::isInstance)).hasSize(2);
            assertThat(received.stream().filter(Published.class::isInstance)).hasSize(2);
            // written in one turn of the outbox, they leave together, at most MAX_MESSAGES a batch
            assertThat(batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, MAX_MESSAGES));
            assertThat(batchSizes.size()).isLessThan(received.size());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SerializerKind.class, names = {"JSON", "MSGPACK"})
    void aBatchOverTheLimitIsAProtocolViolation(SerializerKind kind) {
        try (Batched c = Batched.open(server.webSocketPort(), kind)) {
            c.send(hello());
            c.nextBatch();
            byte[] publish = json("[16,2,{},\"com.example.batch\",[1]]");
            byte[][] tooMany = new byte[MAX_MESSAGES + 1][];
            Arrays.fill(tooMany, publish);
            c.send(tooMany);
            assertAborted(c, "more than " + MAX_MESSAGES + " messages");
        }
    }

    @Test
    void anEmptyBatchIsAProtocolViolation() {
        try (Batched c = Batched.open(server.webSocketPort(), SerializerKind.JSON)) {
            c.send(hello());
            c.nextBatch();
            c.connection.send(WsFrames.client(WsFrames.TEXT, new byte[0]));
            assertAborted(c, "a batch of no message");
        }
    }

    @Test
    void aTruncatedLengthPrefixIsAProtocolViolation() {
        try (Batched c = Batched.open(server.webSocketPort(), SerializerKind.MSGPACK)) {
            c.send(hello());
            c.nextBatch();
            c.connection.send(WsFrames.client(WsFrames.BINARY, new byte[] {0, 0, 0, 50, (byte) 0x91, 1}));
            assertAborted(c, "announces 50 bytes");
        }
    }

    @Test
    void aLastJsonMessageWithoutItsSeparatorIsStillRead() {
        try (Batched c = Batched.open(server.webSocketPort(), SerializerKind.JSON)) {
            c.connection.send(WsFrames.client(WsFrames.TEXT, Serializers.of(SerializerKind.JSON)
                    .encode(WampTestClient.hello())));
            assertThat(c.nextBatch()).singleElement().isInstanceOf(Welcome.class);
        }
    }

    @Test
    void aJsonClientSeparatingWith0x18AsAutobahnPythonDoesGets0x18Back() {
        try (RawWsConnection c = RawWsConnection.request(server.webSocketPort(), SerializerKind.JSON,
                RawHttp.upgrade(TestConfigs.PATH, "Sec-WebSocket-Protocol: wamp.2.json.batched\r\n"))) {
            byte[] hello = Serializers.of(SerializerKind.JSON).encode(WampTestClient.hello());
            byte[] batch = Arrays.copyOf(hello, hello.length + 1);
            batch[hello.length] = 0x18;
            c.send(WsFrames.client(WsFrames.TEXT, batch));
            byte[] answer = c.next().payload();
            assertThat(answer[answer.length - 1]).isEqualTo((byte) 0x18);
            assertThat(Serializers.of(SerializerKind.JSON).decode(Arrays.copyOf(answer, answer.length - 1)))
                    .isInstanceOf(Welcome.class);
        }
    }

    @Test
    void theClientsFirstOfferWins() {
        try (RawWsConnection c = RawWsConnection.request(server.webSocketPort(), SerializerKind.JSON,
                RawHttp.upgrade(TestConfigs.PATH, "Sec-WebSocket-Protocol: wamp.2.cbor.batched, wamp.2.json,"
                        + " wamp.2.json.batched\r\n"))) {
            // no batched CBOR: the next one offered
            assertThat(c.handshakeResponse()).containsIgnoringCase("sec-websocket-protocol: wamp.2.json\r\n");
            assertThat(c.join()).isInstanceOf(Welcome.class);
        }
    }

    private static void assertAborted(Batched c, String why) {
        List<WampMessage> batch = c.nextBatch();
        assertThat(batch).singleElement().isInstanceOfSatisfying(Abort.class, abort -> {
            assertThat(abort.reason()).isEqualTo(WampErrors.PROTOCOL_VIOLATION);
            assertThat(String.valueOf(abort.details().get("message"))).contains(why);
        });
        WsFrames.Frame close = c.connection.next();
        assertThat(close.isClose()).isTrue();
    }

    private static byte[] hello() {
        return Serializers.of(SerializerKind.JSON).encode(WampTestClient.hello());
    }

    private static byte[] json(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }

    /** A raw connection speaking a batched subprotocol; messages are given as JSON and re-encoded. */
    private record Batched(RawWsConnection connection, SerializerKind kind) implements AutoCloseable {

        static Batched open(int port, SerializerKind kind) {
            return new Batched(RawWsConnection.request(port, kind, RawHttp.upgrade(TestConfigs.PATH,
                    "Sec-WebSocket-Protocol: " + kind.subprotocol() + ".batched\r\n")), kind);
        }

        /** One WebSocket message holding {@code jsonMessages}, each re-encoded with the serializer. */
        void send(byte[]... jsonMessages) {
            List<byte[]> encoded = new ArrayList<>();
            for (byte[] m : jsonMessages) {
                encoded.add(Serializers.of(kind).encode(Serializers.of(SerializerKind.JSON).decode(m)));
            }
            connection.send(WsFrames.client(kind.binary() ? WsFrames.BINARY : WsFrames.TEXT,
                    Batching.join(encoded, kind == SerializerKind.JSON)));
        }

        /** The messages of the next data frame, split by hand per the spec. */
        List<WampMessage> nextBatch() {
            WsFrames.Frame frame = connection.next();
            assertThat(frame.opcode()).as("frame " + frame).isEqualTo(kind.binary() ? WsFrames.BINARY : WsFrames.TEXT);
            byte[] p = frame.payload();
            List<WampMessage> out = new ArrayList<>();
            if (kind == SerializerKind.JSON) {
                assertThat(p[p.length - 1]).as("each JSON message ends with 0x1e").isEqualTo((byte) 0x1e);
                int start = 0;
                for (int i = 0; i < p.length; i++) {
                    if (p[i] == 0x1e) {
                        out.add(Serializers.of(kind).decode(Arrays.copyOfRange(p, start, i)));
                        start = i + 1;
                    }
                }
            } else {
                ByteBuffer b = ByteBuffer.wrap(p);
                while (b.hasRemaining()) {
                    byte[] m = new byte[b.getInt()];
                    b.get(m);
                    out.add(Serializers.of(kind).decode(m));
                }
            }
            return out;
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
