package io.bondy.interop;

import static io.bondy.interop.AutobahnJavaPeer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.crossbar.autobahn.wamp.exceptions.ApplicationError;
import io.crossbar.autobahn.wamp.interfaces.IInvocationHandler;
import io.crossbar.autobahn.wamp.interfaces.TriConsumer;
import io.crossbar.autobahn.wamp.interfaces.TriFunction;
import io.crossbar.autobahn.wamp.reflectionRoles.WampException;
import io.crossbar.autobahn.wamp.types.CallOptions;
import io.crossbar.autobahn.wamp.types.CallResult;
import io.crossbar.autobahn.wamp.types.CloseDetails;
import io.crossbar.autobahn.wamp.types.EventDetails;
import io.crossbar.autobahn.wamp.types.InvocationDetails;
import io.crossbar.autobahn.wamp.types.InvocationResult;
import io.crossbar.autobahn.wamp.types.Publication;
import io.crossbar.autobahn.wamp.types.PublishOptions;
import io.crossbar.autobahn.wamp.types.SessionDetails;
import io.crossbar.autobahn.wamp.types.Subscription;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * autobahn-java 20.6.1 (WebSocket; its RawSocket transport is an unfinished stub that throws) against the
 * packaged server, for each serializer it supports: JSON, MessagePack and CBOR.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AutobahnJavaInteropTest {

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("autobahn-java");

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final CallOptions NO_OPTIONS = null;
    private static final String GOODBYE_AND_OUT = "wamp.close.goodbye_and_out";
    private static final String ERROR_URI = "com.example.interop.failed";
    private static final List<Object> ERROR_ARGS = List.of("bad thing", 7);
    private static final Map<String, Object> ERROR_KWARGS = Map.of("reason", "because", "code", 42);

    /** Values every serializer must carry unchanged (null, nested, negative, big, float, non-ASCII). */
    private static final List<Object> ARGS;
    private static final Map<String, Object> KWARGS;

    static {
        Map<String, Object> xy = new LinkedHashMap<>();
        xy.put("x", true);
        xy.put("y", null);
        ARGS = List.of(1, "two", List.of(3, 4.5), xy, -5, 1L << 40, "h\u00e9llo \u2713");
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("k", null);
        nested.put("f", 0.25);
        KWARGS = new LinkedHashMap<>();
        KWARGS.put("name", "bondy");
        KWARGS.put("n", 42);
        KWARGS.put("list", List.of(1, 2, 3));
        KWARGS.put("nested", nested);
    }

    private static String url() {
        return BONDY.server().webSocketUrl();
    }

    private static String prefix(String serializer) {
        return "com.example.interop.java." + serializer.substring("wamp.2.".length()) + "." + SEQ.incrementAndGet();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wamp.2.json", "wamp.2.msgpack", "wamp.2.cbor"})
    void joinsAndLeavesWithGoodbye(String serializer) {
        try (AutobahnJavaPeer a = AutobahnJavaPeer.join("A", url(), serializer)) {
            SessionDetails details = a.joined.join();
            assertThat(details.realm).isEqualTo(BondyProcess.REALM);
            assertThat(details.sessionID).isPositive();
            assertThat(a.id()).isEqualTo(details.sessionID);
            CloseDetails goodbye = a.leave();
            assertThat(goodbye.reason).as("the router's GOODBYE reply").isEqualTo(GOODBYE_AND_OUT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wamp.2.json", "wamp.2.msgpack", "wamp.2.cbor"})
    void registersAndCallsWithArgsAndKwargs(String serializer) {
        String prefix = prefix(serializer);
        try (AutobahnJavaPeer callee = AutobahnJavaPeer.join("A", url(), serializer);
                AutobahnJavaPeer caller = AutobahnJavaPeer.join("B", url(), serializer)) {
            assertThat(callee.id()).isNotEqualTo(caller.id());
            List<Object[]> invocations = new CopyOnWriteArrayList<>();
            IInvocationHandler echo = (args, kwargs, details) -> {
                invocations.add(new Object[] {args, kwargs, details.callerSessionID});
                return new InvocationResult(args, kwargs);
            };
            IInvocationHandler add = (args, kwargs, details) -> new InvocationResult(List.of(
                    ((Number) args.get(0)).longValue() + ((Number) args.get(1)).longValue()
                            + ((Number) kwargs.getOrDefault("z", 0)).longValue()));
            await("register echo", callee.session.register(prefix + ".echo", echo));
            await("register add", callee.session.register(prefix + ".add", add));

            CallResult echoed = await("call echo", caller.session.call(prefix + ".echo", ARGS, KWARGS, NO_OPTIONS));
            assertThat(normalize(echoed.results)).as("RESULT args").isEqualTo(normalize(ARGS));
            assertThat(normalize(echoed.kwresults)).as("RESULT kwargs").isEqualTo(normalize(KWARGS));
            assertThat(invocations).hasSize(1);
            assertThat(normalize(invocations.get(0)[0])).as("INVOCATION args").isEqualTo(normalize(ARGS));
            assertThat(normalize(invocations.get(0)[1])).as("INVOCATION kwargs").isEqualTo(normalize(KWARGS));

            CallResult sum = await("call add", caller.session.call(prefix + ".add", List.of(2, 3),
                    Map.of("z", 4), NO_OPTIONS));
            assertThat(normalize(sum.results)).isEqualTo(List.of(9L));
            assertThat(sum.kwresults == null || sum.kwresults.isEmpty()).as("no kwargs: %s", sum.kwresults)
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wamp.2.json", "wamp.2.msgpack", "wamp.2.cbor"})
    void propagatesTheCalleeErrorWithArgsAndKwargs(String serializer) {
        String prefix = prefix(serializer);
        try (AutobahnJavaPeer callee = AutobahnJavaPeer.join("A", url(), serializer);
                AutobahnJavaPeer caller = AutobahnJavaPeer.join("B", url(), serializer)) {
            // autobahn-java sends ERROR with the exception's args/kwargs only for a WampException that completes
            // the returned future (a thrown one becomes wamp.error.runtime_error).
            TriFunction<List<Object>, Map<String, Object>, InvocationDetails, CompletableFuture<InvocationResult>>
                    fail = (args, kwargs, details) -> CompletableFuture.failedFuture(
                            new WampException(ERROR_URI, null, ERROR_ARGS, ERROR_KWARGS));
            await("register fail", callee.session.register(prefix + ".fail", fail));

            Throwable error = catchThrowable(() -> await("call fail",
                    caller.session.call(prefix + ".fail", List.of(1), Map.of("k", "v"), NO_OPTIONS)));
            assertThat(error).isInstanceOf(ApplicationError.class);
            ApplicationError app = (ApplicationError) error;
            assertThat(app.getMessage()).as("ERROR uri").isEqualTo(ERROR_URI);
            assertThat(normalize(app.args)).as("ERROR args").isEqualTo(normalize(ERROR_ARGS));
            assertThat(normalize(app.kwargs)).as("ERROR kwargs").isEqualTo(normalize(ERROR_KWARGS));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wamp.2.json", "wamp.2.msgpack", "wamp.2.cbor"})
    void callingAnUnregisteredProcedureFailsWithNoSuchProcedure(String serializer) {
        try (AutobahnJavaPeer caller = AutobahnJavaPeer.join("B", url(), serializer)) {
            Throwable error = catchThrowable(() -> await("call missing",
                    caller.session.call(prefix(serializer) + ".missing", List.of(1), Map.of(), NO_OPTIONS)));
            assertThat(error).isInstanceOf(ApplicationError.class);
            assertThat(error.getMessage()).isEqualTo("wamp.error.no_such_procedure");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wamp.2.json", "wamp.2.msgpack", "wamp.2.cbor"})
    void publishesWithAcknowledgeAndStopsAfterUnsubscribe(String serializer) throws Exception {
        String topic = prefix(serializer) + ".topic";
        try (AutobahnJavaPeer subscriber = AutobahnJavaPeer.join("A", url(), serializer);
                AutobahnJavaPeer publisher = AutobahnJavaPeer.join("B", url(), serializer)) {
            List<Object[]> aEvents = new CopyOnWriteArrayList<>();
            List<Object[]> bEvents = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> aFirst = new CompletableFuture<>();
            CompletableFuture<Void> bFirst = new CompletableFuture<>();
            TriConsumer<List<Object>, Map<String, Object>, EventDetails> onA = (args, kwargs, details) -> {
                aEvents.add(new Object[] {args, kwargs});
                aFirst.complete(null);
            };
            TriConsumer<List<Object>, Map<String, Object>, EventDetails> onB = (args, kwargs, details) -> {
                bEvents.add(new Object[] {args, kwargs});
                bFirst.complete(null);
            };
            Subscription subA = await("A subscribe", subscriber.session.subscribe(topic, onA));
            await("B subscribe", publisher.session.subscribe(topic, onB));

            Publication pub = await("publish 1", publisher.session.publish(topic, ARGS, KWARGS,
                    new PublishOptions(true, true)));
            assertThat(pub).as("PUBLISHED (acknowledge)").isNotNull();
            assertThat(pub.publication).as("publication id").isPositive();
            await("A receives event 1", aFirst);
            assertThat(aEvents).hasSize(1);
            assertThat(normalize(aEvents.get(0)[0])).as("EVENT args").isEqualTo(normalize(ARGS));
            assertThat(normalize(aEvents.get(0)[1])).as("EVENT kwargs").isEqualTo(normalize(KWARGS));

            await("A unsubscribe", subscriber.session.unsubscribe(subA));
            // exclude_me=false: B's own subscription proves event 2 was dispatched; A must not get it.
            await("publish 2", publisher.session.publish(topic, List.of("second"), null,
                    new PublishOptions(true, false)));
            await("B receives its own event 2", bFirst);
            Thread.sleep(300);
            assertThat(bEvents).as("publisher exclusion: B gets only event 2, not its excluded event 1")
                    .hasSize(1);
            assertThat(normalize(bEvents.get(0)[0])).isEqualTo(List.of("second"));
            assertThat(aEvents).as("no EVENT after UNSUBSCRIBE").hasSize(1);

            assertThat(publisher.leave().reason).isEqualTo(GOODBYE_AND_OUT);
            assertThat(subscriber.leave().reason).isEqualTo(GOODBYE_AND_OUT);
        }
    }

    /** Numbers as Long or Double (serializers differ in Integer/Long and Float/Double), recursively. */
    static Object normalize(Object value) {
        if (value instanceof Float || value instanceof Double) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(normalize(o));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new HashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(e.getKey(), normalize(e.getValue()));
            }
            return out;
        }
        return value;
    }
}
