package io.bondy.interop.jawampa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import rx.Observable;
import rx.Subscription;
import ws.wamp.jawampa.ApplicationError;
import ws.wamp.jawampa.PubSubData;
import ws.wamp.jawampa.PublishFlags;
import ws.wamp.jawampa.Reply;
import ws.wamp.jawampa.WampClient;
import ws.wamp.jawampa.WampClientBuilder;
import ws.wamp.jawampa.WampSerialization;
import ws.wamp.jawampa.transport.netty.NettyWampClientConnectorProvider;

/**
 * The interop scenario with jawampa 0.5.0's client (its Netty WebSocket connector), run by bondy-interop's
 * {@code JawampaInteropTest} as {@code java -cp ... io.bondy.interop.jawampa.JawampaClientMain URL SERIALIZER}
 * with SERIALIZER {@code json} or {@code msgpack} (jawampa has no CBOR).
 *
 * <p>Two sessions, A (callee, subscriber) and B (caller, publisher), join {@code realm1} and go through:
 * register + call with args/kwargs, a callee error with args/kwargs, a call to an unregistered procedure,
 * subscribe + publish with acknowledge, publisher exclusion (and {@code exclude_me=false}), unsubscribe,
 * unregister (the call after it fails), and leave (GOODBYE; the other session sees the session gone). jawampa
 * has no progressive call results, and no REGISTERED/SUBSCRIBED/UNREGISTERED/UNSUBSCRIBED callbacks: the
 * router's meta API tells when those are done. Prints each step; prints {@code PASSED} and exits 0 only when
 * every check passed, else {@code FAILED: ...} and exit code 1.
 */
public final class JawampaClientMain {

    static final String REALM = "realm1";
    static final long STEP_SECONDS = 10;
    static final long SCENARIO_SECONDS = 45;
    static final ObjectMapper JSON = new ObjectMapper();
    static final long START = System.nanoTime();

    private JawampaClientMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.out.println("usage: JawampaClientMain URL json|msgpack");
            System.exit(2);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(SCENARIO_SECONDS));
                log("FAILED: scenario did not finish within " + SCENARIO_SECONDS + " s");
                System.exit(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "scenario-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            new Scenario(args[0], args[1]).run();
        } catch (Throwable t) {
            log("FAILED: " + (t instanceof CheckFailed ? t.getMessage() : t.toString()));
            if (!(t instanceof CheckFailed)) {
                t.printStackTrace(System.out);
            }
            System.out.flush();
            System.exit(1);
        }
        log("PASSED: jawampa scenario over " + args[0] + " with " + args[1]);
        System.out.flush();
        System.exit(0); // jawampa's and Netty's threads are not daemons
    }

    static void log(String message) {
        System.out.printf("[jawampa %7.3fs] %s%n", (System.nanoTime() - START) / 1e9, message);
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new CheckFailed(what);
        }
        log("  ok: " + what.split(":")[0]);
    }

    static void checkSame(JsonNode actual, JsonNode expected, String what) {
        check(same(actual, expected), what + ": expected " + expected + ", got " + actual);
    }

    /** Deep equality where numbers compare by value (1 read as an int equals 1 read as a long). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.isIntegralNumber() && b.isIntegralNumber()
                    ? a.bigIntegerValue().equals(b.bigIntegerValue())
                    : a.doubleValue() == b.doubleValue();
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<String> names = a.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!same(a.get(name), b.get(name))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static <T> T await(String what, Observable<T> observable) {
        try {
            return observable.timeout(STEP_SECONDS, TimeUnit.SECONDS).toBlocking().last();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new CheckFailed(what + ": no answer within " + STEP_SECONDS + " s");
            }
            throw e;
        }
    }

    static ApplicationError awaitError(String what, Observable<?> observable) {
        Object value;
        try {
            value = await(what, observable);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof ApplicationError ae) {
                return ae;
            }
            throw e;
        }
        throw new CheckFailed(what + ": expected an ERROR, got " + value);
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new CheckFailed(what + ": not so within " + STEP_SECONDS + " s");
            }
            Thread.sleep(50);
        }
        log("  ok: " + what);
    }

    /** A meta procedure's answer that names something (lookups answer null when there is nothing). */
    static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    static ArrayNode array(String json) {
        try {
            return (ArrayNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** One jawampa client and what it reported. */
    static final class Peer {
        final String name;
        final WampClient client;
        final long sessionId;
        final List<String> errors = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> disconnected = new CompletableFuture<>();

        Peer(String name, String url, WampSerialization serialization) throws Exception {
            this.name = name;
            this.client = new WampClientBuilder()
                    .withConnectorProvider(new NettyWampClientConnectorProvider())
                    .withUri(url)
                    .withRealm(REALM)
                    .withSerializations(new WampSerialization[] {serialization})
                    .withNrReconnects(0)
                    .build();
            CompletableFuture<WampClient.ConnectedState> joined = new CompletableFuture<>();
            boolean[] opened = new boolean[1];
            client.statusChanged().subscribe(state -> {
                if (state instanceof WampClient.ConnectingState) {
                    opened[0] = true;
                } else if (state instanceof WampClient.ConnectedState connected) {
                    joined.complete(connected);
                } else if (state instanceof WampClient.DisconnectedState gone && opened[0]) {
                    // (a new client starts in DisconnectedState: only a disconnect after open() counts)
                    if (!joined.isDone()) {
                        joined.completeExceptionally(new CheckFailed(name + ": disconnected before join: "
                                + gone.disconnectReason()));
                    }
                    disconnected.complete(null);
                    log(name + " disconnected (" + gone.disconnectReason() + ")");
                }
            }, e -> errors.add(name + ": status error " + e));
            client.open();
            WampClient.ConnectedState state;
            try {
                state = joined.get(STEP_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new CheckFailed(name + " join: no WELCOME within " + STEP_SECONDS + " s");
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof CheckFailed failed ? failed
                        : new CheckFailed(name + " join: " + e.getCause());
            }
            sessionId = state.sessionId();
            log(name + " joined " + REALM + " as session " + sessionId + " (" + serialization + "; router roles "
                    + state.routerRoles() + ")");
        }

        /** Calls a meta procedure, returns its first positional result (null when there is none). */
        JsonNode meta(String procedure, Object... args) {
            Reply reply = await(procedure, client.call(procedure, args));
            return reply.arguments() == null || reply.arguments().size() == 0 ? null : reply.arguments().get(0);
        }

        /**
         * One round trip through this client, after the router has confirmed a REGISTER or SUBSCRIBE of
         * it. jawampa enters the id of a SUBSCRIBED (or REGISTERED) in its tables in a task it queues on
         * its event loop, not while it reads the message: an EVENT (or INVOCATION) read from the same
         * socket read as the SUBSCRIBED is looked up before that task and dropped (or answered with
         * no_such_procedure). The RESULT of this call is read after the SUBSCRIBED, so once it is here
         * the task was queued ahead of anything read later, and the scenario's EVENTs find the id.
         */
        void settle() {
            meta("wamp.session.count");
        }
    }

    static final class Scenario {
        final String url;
        final String serializer;

        Scenario(String url, String serializer) {
            this.url = url;
            this.serializer = serializer;
        }

        void run() throws Exception {
            WampSerialization serialization = switch (serializer) {
                case "json" -> WampSerialization.Json;
                case "msgpack" -> WampSerialization.MessagePack;
                default -> throw new CheckFailed("unknown serializer " + serializer + " (json or msgpack)");
            };
            log("jawampa 0.5.0 (" + WampClient.class.getPackage().getImplementationVersion() + "), Java "
                    + System.getProperty("java.version") + ", " + url + " with " + serializer);
            String prefix = "com.example.interop.jawampa." + serializer + "." + ProcessHandle.current().pid();
            Peer peerA = new Peer("A", url, serialization);
            Peer peerB = new Peer("B", url, serialization);
            WampClient a = peerA.client;
            WampClient b = peerB.client;
            check(peerA.sessionId != peerB.sessionId && peerA.sessionId > 0 && peerB.sessionId > 0,
                    "two distinct session ids: " + peerA.sessionId + " " + peerB.sessionId);

            ArrayNode args = array("[1, \"two\", [3, 4.5], {\"x\": true, \"y\": null}, -5, 1099511627776,"
                    + " \"h\\u00e9llo \\u2713\"]");
            ObjectNode kwargs = object("{\"name\": \"bondy\", \"n\": 42, \"list\": [1, 2, 3],"
                    + " \"nested\": {\"k\": null, \"f\": 0.25}}");
            String errorUri = "com.example.interop.failed";
            ArrayNode errorArgs = array("[\"bad thing\", 7]");
            ObjectNode errorKwargs = object("{\"reason\": \"because\", \"code\": 42}");

            // --- RPC: register + call with args and kwargs ---
            List<JsonNode> invocations = new CopyOnWriteArrayList<>();
            Subscription echo = a.registerProcedure(prefix + ".echo").subscribe(request -> {
                invocations.add(JSON.createArrayNode().add(request.arguments()).add(request.keywordArguments()));
                request.reply(request.arguments(), request.keywordArguments());
            }, e -> peerA.errors.add("A: echo registration failed: " + e));
            Subscription fail = a.registerProcedure(prefix + ".fail").subscribe(request -> {
                try {
                    request.replyError(new ApplicationError(errorUri, errorArgs, errorKwargs));
                } catch (ApplicationError e) {
                    peerA.errors.add("A: replyError failed: " + e);
                }
            }, e -> peerA.errors.add("A: fail registration failed: " + e));
            eventually("A's procedures registered (wamp.registration.lookup)",
                    () -> present(peerB.meta("wamp.registration.lookup", prefix + ".echo"))
                            && present(peerB.meta("wamp.registration.lookup", prefix + ".fail")));
            peerA.settle();

            Reply reply = await("call echo", b.call(prefix + ".echo", args, kwargs));
            log("B call echo -> " + reply.arguments() + " " + reply.keywordArguments());
            checkSame(reply.arguments(), args, "RESULT args");
            checkSame(reply.keywordArguments(), kwargs, "RESULT kwargs");
            checkSame(JSON.valueToTree(invocations), JSON.createArrayNode().add(JSON.createArrayNode().add(args)
                    .add(kwargs)), "INVOCATION args/kwargs");

            // --- RPC: callee error with args/kwargs; unregistered procedure ---
            ApplicationError error = awaitError("call fail", b.call(prefix + ".fail", 1));
            log("B call fail -> " + error);
            check(errorUri.equals(error.uri()), "ERROR uri: expected " + errorUri + ", got " + error.uri());
            checkSame(error.arguments(), errorArgs, "ERROR args");
            checkSame(error.keywordArguments(), errorKwargs, "ERROR kwargs");
            error = awaitError("call missing", b.call(prefix + ".missing", 1));
            check(ApplicationError.NO_SUCH_PROCEDURE.equals(error.uri()),
                    "no_such_procedure: expected wamp.error.no_such_procedure, got " + error);

            // --- PubSub: subscribe, publish with acknowledge, publisher exclusion ---
            String topic = prefix + ".topic";
            List<PubSubData> aEvents = new CopyOnWriteArrayList<>();
            List<PubSubData> bEvents = new CopyOnWriteArrayList<>();
            Subscription subA = a.makeSubscription(topic).subscribe(aEvents::add,
                    e -> peerA.errors.add("A: subscription failed: " + e));
            Subscription subB = b.makeSubscription(topic).subscribe(bEvents::add,
                    e -> peerB.errors.add("B: subscription failed: " + e));
            long[] subscriptionId = new long[1];
            eventually("A and B subscribed (wamp.subscription.lookup, count_subscribers = 2)", () -> {
                JsonNode id = peerB.meta("wamp.subscription.lookup", topic);
                if (!present(id)) {
                    return false;
                }
                subscriptionId[0] = id.asLong();
                return peerB.meta("wamp.subscription.count_subscribers", subscriptionId[0]).asLong() == 2;
            });
            peerA.settle();
            peerB.settle();
            Long publicationId = await("publish 1", b.publish(topic,
                    EnumSet.of(PublishFlags.RequireAcknowledge), args, kwargs));
            log("B publish 1 (acknowledge) -> PUBLISHED " + publicationId);
            check(publicationId != null && publicationId > 0, "PUBLISHED carries a publication id: " + publicationId);
            eventually("A receives event 1", () -> aEvents.size() == 1);
            checkSame(aEvents.get(0).arguments(), args, "EVENT args");
            checkSame(aEvents.get(0).keywordArguments(), kwargs, "EVENT kwargs");

            await("publish 2", b.publish(topic, EnumSet.of(PublishFlags.RequireAcknowledge,
                    PublishFlags.DontExcludeMe), array("[\"second\"]"), null));
            eventually("B receives its own event 2 (exclude_me=false)", () -> bEvents.size() == 1);
            check(bEvents.get(0).arguments().get(0).asText().equals("second"),
                    "publisher exclusion: B got only event 2, not its excluded event 1: " + bEvents.get(0).arguments());
            eventually("A receives event 2", () -> aEvents.size() == 2);

            // --- unsubscribe: B's event proves the next event was dispatched ---
            subA.unsubscribe();
            eventually("A unsubscribed (count_subscribers = 1)",
                    () -> peerB.meta("wamp.subscription.count_subscribers", subscriptionId[0]).asLong() == 1);
            await("publish 3", b.publish(topic, EnumSet.of(PublishFlags.RequireAcknowledge,
                    PublishFlags.DontExcludeMe), array("[\"third\"]"), null));
            eventually("B receives event 3", () -> bEvents.size() == 2);
            check(aEvents.size() == 2, "no EVENT after UNSUBSCRIBE: A got " + aEvents.size());
            subB.unsubscribe();

            // --- unregister: the call after it fails ---
            echo.unsubscribe();
            eventually("echo unregistered (wamp.registration.lookup)",
                    () -> !present(peerB.meta("wamp.registration.lookup", prefix + ".echo")));
            error = awaitError("call echo after unregister", b.call(prefix + ".echo", 1));
            check(ApplicationError.NO_SUCH_PROCEDURE.equals(error.uri()),
                    "no_such_procedure after UNREGISTER: got " + error);
            fail.unsubscribe();

            // --- leave: A says GOODBYE; B sees A's session gone ---
            await("A close", a.close());
            check(peerA.disconnected.isDone(), "A disconnected after close");
            ApplicationError gone = awaitError("wamp.session.get A",
                    b.call("wamp.session.get", peerA.sessionId));
            check("wamp.error.no_such_session".equals(gone.uri()),
                    "A's session ended with its GOODBYE: wamp.session.get says " + gone);
            await("B close", b.close());
            List<String> errors = new ArrayList<>(peerA.errors);
            errors.addAll(peerB.errors);
            check(errors.isEmpty(), "no error reported: " + String.join("\n", errors));
        }
    }

    /** A failed check: its message is the whole story (no stack trace printed). */
    static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            super(message, null, false, false);
        }
    }
}
