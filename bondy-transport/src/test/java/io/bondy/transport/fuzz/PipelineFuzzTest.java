package io.bondy.transport.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.config.RouterConfig;
import io.bondy.core.fuzz.FuzzSettings;
import io.bondy.core.fuzz.WampArbitraries;
import io.bondy.core.fuzz.WireEncoder;
import io.bondy.core.fuzz.WireValues;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.router.AnonymousAuthenticator;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.testing.ManualScheduler;
import io.bondy.transport.support.LeakLog;
import io.bondy.transport.support.Transport;
import io.bondy.transport.support.WampTestClient;
import io.bondy.transport.support.WsFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of the real transport pipelines (WebSocket and RawSocket, as
 * {@code TransportServer} installs them, on {@link EmbeddedWamp} connections) in front of a real router,
 * with every serializer: well-formed messages of every type, the same with mutated fields (wrong types,
 * huge and negative integers, deep nesting, long strings within the frame limit, unknown and mistyped
 * options, null), sequences of them on one session, and raw garbage as message payloads and as the
 * byte stream itself.
 *
 * <p>For every case: no exception other than a codec's own verdict on bad input reaches the end of the
 * pipeline; whatever the router answers decodes; an ABORT or an ERROR carries a {@code wamp.error.*}
 * URI; a closed WebSocket connection was closed with a close frame; a connection left open still
 * answers (a CALL to {@code wamp.session.count}, or HELLO after a GOODBYE), so nothing hangs, and bytes
 * that never complete a frame end at the idle timeout (virtual time). Throughout, {@link Bystanders} on
 * other connections and serializers must stay connected and be served; every 100 cases and at the end
 * a fresh session must join and call {@code wamp.session.count}; and Netty's leak detector (paranoid in
 * tests) must report no buffer.
 *
 * <p>A few thousand cases per CI run with a fixed seed ({@link FuzzSettings}: {@code -Dfuzz.seed},
 * {@code -Dfuzz.cases}); {@code bench/fuzz.sh} runs the long mode.
 */
@AddLifecycleHook(FuzzSettings.class)
class PipelineFuzzTest {

    /** Strings up to this many characters: with several of them, a message may cross the 64 KiB limit. */
    private static final int MAX_STRING = 16_000;
    private static final long PROBE = WireValues.MAX_ID - 7;
    private static final Set<Integer> CLOSE_CODES = Set.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1011);

    private static ManualScheduler scheduler;
    private static Router router;
    private static Bystanders bystanders;
    private static int cases;

    @BeforeContainer
    static void start() {
        // thousands of protocol violations, each logged at INFO, would bury the build's output
        quietLogs(ch.qos.logback.classic.Level.WARN);
        scheduler = new ManualScheduler();
        router = new Router(RouterConfig.development(), new AnonymousAuthenticator(), Authorizer.ALLOW_ALL,
                RouterMetrics.NOOP, scheduler);
        bystanders = new Bystanders(router);
    }

    @AfterContainer
    static void stop() {
        try {
            healthProbe(Transport.RAWSOCKET, SerializerKind.CBOR);
            bystanders.assertAlive();
            bystanders.close();
        } finally {
            router.shutdown();
            quietLogs(null);
        }
        assertNoLeaks();
    }

    private static void quietLogs(ch.qos.logback.classic.Level level) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.bondy")).setLevel(
                level == null ? ch.qos.logback.classic.Level.INFO : level);
    }

    // ---- properties ----

    @Property(tries = 700)
    void anyMessageOnAJoinedSession(@ForAll Transport transport, @ForAll SerializerKind kind,
                                    @ForAll("messages") List<Object> wire) {
        runCase(transport, kind, true, List.of(WireEncoder.encode(kind, wire)));
    }

    @Property(tries = 300)
    void anyFirstMessage(@ForAll Transport transport, @ForAll SerializerKind kind,
                         @ForAll("firstMessages") List<Object> wire) {
        runCase(transport, kind, false, List.of(WireEncoder.encode(kind, wire)));
    }

    @Property(tries = 250)
    void sequencesOfMessagesOnOneSession(@ForAll Transport transport, @ForAll SerializerKind kind,
                                         @ForAll("sequences") List<List<Object>> wires) {
        runCase(transport, kind, true, wires.stream().map(w -> WireEncoder.encode(kind, w)).toList());
    }

    @Property(tries = 500)
    void garbageAsAMessage(@ForAll Transport transport, @ForAll("garbage") Frame frame, @ForAll boolean join) {
        runCase(transport, frame.kind(), join, List.of(frame.bytes()));
    }

    @Property(tries = 300)
    void garbageAsTheByteStream(@ForAll Transport transport, @ForAll SerializerKind kind, @ForAll boolean join,
                                @ForAll("streams") byte[] bytes) {
        try (EmbeddedWamp c = EmbeddedWamp.connect(router, transport, kind)) {
            Outcome outcome = new Outcome(transport);
            if (join) {
                c.send(WampTestClient.hello());
                settle(c, outcome);
            }
            c.sendBytes(bytes);
            settle(c, outcome);
            if (!c.isOpen() && transport == Transport.WEBSOCKET) {
                assertThat(c.closeFrameSeen() || outcome.aborted).as("closed with a close frame").isTrue();
            }
            if (c.isOpen()) {
                // bytes that never complete a frame: the idle timeout ends the connection, nothing waits forever
                outcome.check(c.advance(EmbeddedWamp.IDLE_TIMEOUT.plusSeconds(1)));
                assertThat(c.isOpen()).as("closed by the idle timeout").isFalse();
            }
            assertThat(c.escaped()).as("exceptions that reached the end of the pipeline").isEmpty();
        }
        afterCase();
    }

    // ---- generators ----

    @Provide
    Arbitrary<List<Object>> messages() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, WampArbitraries.clientValid()),
                Tuple.of(5, WampArbitraries.mutated(WampArbitraries.clientValid(), MAX_STRING)),
                Tuple.of(2, WampArbitraries.mutated(MAX_STRING)));
    }

    @Provide
    Arbitrary<List<Object>> firstMessages() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, WampArbitraries.valid(MessageType.HELLO)),
                Tuple.of(5, WampArbitraries.mutated(WampArbitraries.valid(MessageType.HELLO), MAX_STRING)),
                Tuple.of(2, WampArbitraries.mutated(WampArbitraries.clientValid(), MAX_STRING)));
    }

    @Provide
    Arbitrary<List<List<Object>>> sequences() {
        return messages().list().ofMinSize(2).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Frame> garbage() {
        return Arbitraries.oneOf(Arrays.stream(SerializerKind.values())
                .map(kind -> WampArbitraries.garbage(kind).map(bytes -> new Frame(kind, bytes))).toList());
    }

    /** Random bytes, and hand-made frames of either transport with any header bits, lengths and opcodes. */
    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> wsFrames = Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 15), payloads, Arbitraries.of(true, false),
                Arbitraries.of(WsFrames.Length.class))
                .as(WsFrames::client);
        Arbitrary<byte[]> rawFrames = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 0xFFFFFF), payloads).as((first, length, payload) -> {
                    byte[] frame = new byte[4 + payload.length];
                    frame[0] = (byte) first.intValue();
                    frame[1] = (byte) (length >>> 16);
                    frame[2] = (byte) (length >>> 8);
                    frame[3] = (byte) length.intValue();
                    System.arraycopy(payload, 0, frame, 4, payload.length);
                    return frame;
                });
        return Arbitraries.frequencyOf(Tuple.of(2, random), Tuple.of(3, wsFrames), Tuple.of(2, rawFrames),
                Tuple.of(2, wsFrames.list().ofMinSize(2).ofMaxSize(5).map(PipelineFuzzTest::concat)));
    }

    /** Bytes meant for one serializer. */
    record Frame(SerializerKind kind, byte[] bytes) {
        @Override
        public String toString() {
            return kind + " " + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 512));
        }
    }

    // ---- one case ----

    private static void runCase(Transport transport, SerializerKind kind, boolean join, List<byte[]> messages) {
        long eventsBefore = bystanders.eventsToEveryPrefixSubscriber();
        try (EmbeddedWamp c = EmbeddedWamp.connect(router, transport, kind)) {
            Outcome outcome = new Outcome(transport);
            if (join) {
                c.send(WampTestClient.hello());
                settle(c, outcome);
                assertThat(outcome.joined).as("joined").isTrue();
            }
            for (byte[] message : messages) {
                outcome.sending(kind, message);
                c.sendMessage(message);
                settle(c, outcome);
                if (!c.isOpen()) {
                    break;
                }
            }
            scheduler.advance(Duration.ofMinutes(10)); // call timeouts of this case fire now
            settle(c, outcome);
            if (outcome.aborted) {
                assertThat(c.isOpen()).as("closed after ABORT").isFalse();
            }
            if (c.isOpen()) {
                probe(c, outcome);
                assertThat(outcome.unanswered).as("requests the router accepted but never answered").isEmpty();
            } else if (transport == Transport.WEBSOCKET) {
                assertThat(c.closeFrameSeen()).as("a WebSocket connection the server ends gets a close frame").isTrue();
            }
            assertThat(c.escaped()).as("exceptions that reached the end of the pipeline").isEmpty();
            assertThat(bystanders.eventsToEveryPrefixSubscriber() - eventsBefore)
                    .as("EVENTs to each com.* subscriber for the acknowledged publications open to all")
                    .isGreaterThanOrEqualTo(outcome.deliverable);
        }
        afterCase();
    }

    /** The connection is still served: a joined session answers a CALL, an unjoined one can join. */
    private static void probe(EmbeddedWamp c, Outcome outcome) {
        assertThat(c.closeFrameSeen()).as("a close frame was sent but the connection left open").isFalse();
        if (outcome.joined) {
            c.send(new Call(PROBE, Map.of(), "wamp.session.count", Payload.NONE));
            settle(c, outcome);
            assertThat(outcome.probeAnswered).as("the session answers a CALL after the case").isTrue();
        } else {
            c.send(WampTestClient.hello());
            settle(c, outcome);
            assertThat(outcome.joined).as("the connection can join after the case").isTrue();
        }
    }

    /** Runs the connection's and the bystanders' loops until neither has anything more to say. */
    private static void settle(EmbeddedWamp c, Outcome outcome) {
        for (int round = 0; round < 32; round++) {
            List<EmbeddedWamp.Received> received = c.pump();
            outcome.check(received);
            boolean served = bystanders.serve();
            if (received.isEmpty() && !served) {
                return;
            }
        }
        throw new AssertionError("the conversation did not settle in 32 rounds");
    }

    private static void afterCase() {
        bystanders.serve();
        bystanders.assertAlive();
        if (++cases % 100 == 0) {
            Transport t = Transport.values()[(cases / 100) % 2];
            healthProbe(t, SerializerKind.values()[(cases / 100) % 3]);
        }
    }

    /** A fresh session joins and the meta API answers it. */
    private static void healthProbe(Transport transport, SerializerKind kind) {
        try (EmbeddedWamp c = EmbeddedWamp.connect(router, transport, kind)) {
            Outcome outcome = new Outcome(transport);
            c.send(WampTestClient.hello());
            settle(c, outcome);
            assertThat(outcome.joined).as("a fresh session joins").isTrue();
            probe(c, outcome);
            assertThat(outcome.sessionCount).as("sessions counted").isGreaterThanOrEqualTo(4);
        }
    }

    private static void assertNoLeaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            for (int j = 0; j < 100; j++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(16);
                probe.release();
            }
        }
        assertThat(LeakLog.leaks()).as("Netty buffer leaks").isEmpty();
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The message type that answers a request ({@code CALL} is answered by RESULT), or null for none. */
    private static MessageType answerType(WampMessage request) {
        return switch (request.type()) {
            case CALL -> MessageType.RESULT;
            case SUBSCRIBE -> MessageType.SUBSCRIBED;
            case UNSUBSCRIBE -> MessageType.UNSUBSCRIBED;
            case REGISTER -> MessageType.REGISTERED;
            case UNREGISTER -> MessageType.UNREGISTERED;
            case PUBLISH -> ((Publish) request).acknowledge() ? MessageType.PUBLISHED : null;
            default -> null;
        };
    }

    /** The request type an answer (other than RESULT and ERROR) answers. */
    private static MessageType answerOf(WampMessage answer) {
        return switch (answer.type()) {
            case SUBSCRIBED -> MessageType.SUBSCRIBE;
            case UNSUBSCRIBED -> MessageType.UNSUBSCRIBE;
            case REGISTERED -> MessageType.REGISTER;
            case UNREGISTERED -> MessageType.UNREGISTER;
            case PUBLISHED -> MessageType.PUBLISH;
            default -> null;
        };
    }

    private static long requestId(WampMessage m) {
        List<Object> wire = m.toWire();
        return ((Number) wire.get(1)).longValue();
    }

    /** What one case's connection has seen so far, checked as it arrives. */
    private static final class Outcome {

        private final Transport transport;
        boolean joined;
        boolean aborted;
        boolean probeAnswered;
        long sessionCount = -1;
        final List<Integer> closeCodes = new ArrayList<>();
        /** Request type and id of each well-formed request sent on the established session, until answered. */
        final List<List<Long>> unanswered = new ArrayList<>();
        /** PUBLISH request ids (acknowledged, to a com.* topic, open to every subscriber) not yet PUBLISHED. */
        final List<Long> deliverableRequests = new ArrayList<>();
        /** Publications every com.* subscriber must get: PUBLISHED, to a com.* topic, open to every subscriber. */
        long deliverable;

        /** Notes a request that the router, if it accepts it, must answer (RESULT, SUBSCRIBED, ... or ERROR). */
        void sending(SerializerKind kind, byte[] bytes) {
            WampMessage message;
            try {
                message = Serializers.of(kind).decode(bytes);
            } catch (RuntimeException e) {
                return; // not a message: the router must refuse it, which the other checks see
            }
            if (message instanceof Hello || message instanceof Goodbye) {
                unanswered.clear(); // a new session, or the end of this one: earlier requests lapse
            } else if (joined && answerType(message) != null) {
                unanswered.add(List.of((long) message.type().code(), requestId(message)));
                if (message instanceof Publish p && p.topic().startsWith("com.")
                        && p.options().keySet().stream().noneMatch(k -> k.startsWith("exclude") || k.startsWith("eligible"))) {
                    deliverableRequests.add(p.requestId());
                }
            }
        }

        private void answered(int requestType, long requestId) {
            unanswered.remove(List.of((long) requestType, requestId));
        }

        Outcome(Transport transport) {
            this.transport = transport;
        }

        void check(List<EmbeddedWamp.Received> received) {
            for (EmbeddedWamp.Received r : received) {
                if (r instanceof EmbeddedWamp.Undecodable u) {
                    throw new AssertionError("the server wrote something its client cannot read: " + u.what());
                } else if (r instanceof EmbeddedWamp.Close close) {
                    assertThat(CLOSE_CODES).as("close code").contains(close.code());
                    closeCodes.add(close.code());
                } else if (r instanceof EmbeddedWamp.Message m) {
                    check(m.message());
                }
            }
        }

        private void check(WampMessage message) {
            assertThat(aborted).as("nothing after ABORT: " + message).isFalse();
            if (message instanceof Welcome) {
                joined = true;
            } else if (message instanceof Goodbye) {
                joined = false;
                unanswered.clear();
            } else if (message instanceof Abort abort) {
                assertThat(abort.reason()).as("ABORT reason").startsWith("wamp.error.");
                aborted = true;
                joined = false;
            } else if (message instanceof Error error) {
                assertThat(error.error()).as("ERROR URI of %s", error).startsWith("wamp.error.");
                answered(error.requestType(), error.requestId());
            } else if (message instanceof Result result && !Boolean.TRUE.equals(result.details().get("progress"))) {
                answered(MessageType.CALL.code(), result.requestId());
            } else if (answerOf(message) != null) {
                answered(answerOf(message).code(), requestId(message));
                if (message.type() == MessageType.PUBLISHED && deliverableRequests.remove(requestId(message))) {
                    deliverable++;
                }
            }
            if (message instanceof Result result && result.requestId() == PROBE) {
                probeAnswered = true;
                if (result.payload() instanceof Payload.Arguments a && !a.args().isEmpty()
                        && a.args().get(0) instanceof Number n) {
                    sessionCount = n.longValue();
                }
            }
        }
    }
}
