package io.bondy.transport.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.message.Yield;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.Transport;
import io.bondy.transport.support.WampTestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sessions that joined before the fuzzing and must live through all of it, so that fuzzed messages are
 * routed to other connections and other serializers: a MessagePack callee over WebSocket of
 * {@value #PROCEDURE} and of every {@code com.*} procedure (prefix registration) that YIELDs every
 * INVOCATION's arguments back, and subscribers of {@value #TOPIC} (exact, WebSocket/CBOR) and of every
 * {@code com.*} topic (prefix: the MessagePack callee and a RawSocket/JSON session).
 */
final class Bystanders implements AutoCloseable {

    static final String PROCEDURE = "com.example.fuzz.proc";
    static final String TOPIC = "com.example.fuzz.topic";

    private final EmbeddedWamp callee;
    private final List<EmbeddedWamp> all = new ArrayList<>();
    private final List<EmbeddedWamp> prefixSubscribers = new ArrayList<>();
    private final Map<EmbeddedWamp, Long> eventsBy = new java.util.HashMap<>();
    private long events;
    private long invocations;

    Bystanders(Router router) {
        callee = join(router, Transport.WEBSOCKET, SerializerKind.MSGPACK);
        callee.send(new Register(1, Map.of(), PROCEDURE));
        expect(callee, Registered.class);
        callee.send(new Register(2, Map.of("match", "prefix"), "com"));
        expect(callee, Registered.class);
        callee.send(new Subscribe(3, Map.of("match", "prefix"), "com"));
        expect(callee, Subscribed.class);
        prefixSubscribers.add(callee);
        EmbeddedWamp cbor = join(router, Transport.WEBSOCKET, SerializerKind.CBOR);
        cbor.send(new Subscribe(1, Map.of(), TOPIC));
        expect(cbor, Subscribed.class);
        EmbeddedWamp json = join(router, Transport.RAWSOCKET, SerializerKind.JSON);
        json.send(new Subscribe(1, Map.of("match", "prefix"), "com"));
        expect(json, Subscribed.class);
        prefixSubscribers.add(json);
    }

    private EmbeddedWamp join(Router router, Transport transport, SerializerKind kind) {
        EmbeddedWamp c = EmbeddedWamp.connect(router, transport, kind);
        all.add(c);
        c.send(WampTestClient.hello());
        expect(c, Welcome.class);
        return c;
    }

    /** Runs the bystanders' loops: the callee answers what it was invoked with. Returns whether anything arrived. */
    boolean serve() {
        boolean any = false;
        for (EmbeddedWamp c : all) {
            for (EmbeddedWamp.Received r : c.pump()) {
                any = true;
                if (!(r instanceof EmbeddedWamp.Message m)) {
                    throw new AssertionError("bystander " + c.transport() + "/" + c.kind() + " got " + r);
                }
                answer(c, m.message());
            }
        }
        return any;
    }

    private void answer(EmbeddedWamp c, WampMessage message) {
        if (message instanceof Invocation inv && c == callee) {
            invocations++;
            Payload echo = inv.payload() instanceof Payload.Arguments ? inv.payload() : Payload.NONE;
            c.send(new Yield(inv.requestId(), Map.of(), echo));
        } else if (message instanceof Interrupt interrupt && c == callee) {
            c.send(new Error(68, interrupt.requestId(), Map.of(), "wamp.error.canceled", Payload.NONE));
        } else if (message instanceof Event) {
            events++;
            eventsBy.merge(c, 1L, Long::sum);
        } else {
            throw new AssertionError("bystander " + c.transport() + "/" + c.kind() + " got " + message);
        }
    }

    /** Every bystander is still connected, nothing escaped on their connections. */
    void assertAlive() {
        for (EmbeddedWamp c : all) {
            assertThat(c.isOpen()).as("bystander %s/%s still connected", c.transport(), c.kind()).isTrue();
            assertThat(c.escaped()).as("exceptions on a bystander's connection").isEmpty();
        }
    }

    long events() {
        return events;
    }

    /** The fewest events any subscriber of every {@code com.*} topic (MessagePack and JSON) has received. */
    long eventsToEveryPrefixSubscriber() {
        return prefixSubscribers.stream().mapToLong(c -> eventsBy.getOrDefault(c, 0L)).min().orElse(0);
    }

    long invocations() {
        return invocations;
    }

    @Override
    public void close() {
        all.forEach(EmbeddedWamp::close);
    }

    private static <T extends WampMessage> T expect(EmbeddedWamp c, Class<T> type) {
        List<EmbeddedWamp.Received> got = c.pump();
        if (got.size() != 1 || !(got.get(0) instanceof EmbeddedWamp.Message m) || !type.isInstance(m.message())) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + got);
        }
        return type.cast(m.message());
    }
}
