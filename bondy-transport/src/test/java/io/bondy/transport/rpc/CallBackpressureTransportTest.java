package io.bondy.transport.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.PubSubSettings;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Yield;
import io.bondy.core.router.AnonymousAuthenticator;
import io.bondy.core.router.Router;
import io.bondy.core.router.rpc.PendingCalls;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.uri.UriValidator;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A RawSocket callee that stops reading while a WebSocket caller keeps calling with 32 KiB
 * arguments: once the callee's outbound queue is full, each further call fails at once with
 * {@code wamp.error.canceled} instead of vanishing; when the callee reads again it answers the
 * invocations it got. Every call is answered exactly once, no pending-call slot stays held, and the
 * refusals are counted.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CallBackpressureTransportTest {

    private static final String PROCEDURE = "com.example.slow_callee";
    private static final long MAX_OUTBOUND = 256 * 1024;
    private static final String ARGUMENT = "x".repeat(32 * 1024);
    /**
     * 48 MiB: more than the outbound limit plus the loopback socket buffers can hold (receive buffers
     * grow to 32 MiB at most here, {@code net.ipv4.tcp_rmem}; about 130 calls fill them in practice).
     */
    private static final int MAX_CALLS = 1500;
    private static final int REFUSALS_WANTED = 5;

    private final AtomicInteger refusedInvocations = new AtomicInteger();
    private final RouterMetrics metrics = new RouterMetrics() {
        @Override
        public void callUndeliverable(String realm, MessageType type) {
            if (type == MessageType.INVOCATION) {
                refusedInvocations.incrementAndGet();
            }
        }
    };

    @Test
    void everyCallToACalleeThatStopsReadingIsAnsweredAndNoSlotStaysHeld() {
        try (RunningServer server = server();
             RawSocketClient callee = RawSocketClient.open(server.rawSocketPort(), SerializerKind.MSGPACK);
             WebSocketClient caller = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            callee.join();
            caller.join();
            callee.send(new Register(1, Map.of(), PROCEDURE));
            callee.next(Registered.class);

            // The callee reads nothing from here on. Call until the router has refused a few invocations.
            int calls = 0;
            while (refusedInvocations.get() < REFUSALS_WANTED) {
                if (calls == MAX_CALLS) {
                    throw new AssertionError("no invocation was refused in " + MAX_CALLS + " calls of 32 KiB");
                }
                calls++;
                caller.send(new Call(calls, Map.of(), PROCEDURE, Payload.of(List.of(calls, ARGUMENT))));
            }
            // Barrier: the caller's messages are routed in order, so once this answer is here every call
            // above has been queued to the callee or failed.
            long barrier = calls + 1;
            caller.send(new Call(barrier, Map.of(), "wamp.session.count", Payload.NONE));
            Map<Long, WampMessage> answers = new HashMap<>();
            List<WampMessage> early = new ArrayList<>();
            while (true) {
                WampMessage m = caller.next();
                if (m instanceof Result r && r.requestId() == barrier) {
                    break;
                }
                early.add(m);
            }
            for (WampMessage m : early) {
                assertThat(m).isInstanceOf(Error.class);
                Error e = (Error) m;
                assertThat(e.error()).isEqualTo(WampErrors.CANCELED);
                assertThat(answers.put(e.requestId(), e)).as("answered twice: %s", e.requestId()).isNull();
            }
            int refused = early.size();
            assertThat(refused).as("every refused invocation failed its call").isEqualTo(refusedInvocations.get());

            // The callee reads again and answers what it got; those calls get their RESULT.
            for (int i = 0; i < calls - refused; i++) {
                Invocation inv = callee.next(Invocation.class);
                Object n = ((Payload.Arguments) inv.payload()).args().get(0);
                callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of(n))));
            }
            for (int i = 0; i < calls - refused; i++) {
                Result r = caller.next(Result.class);
                assertThat(answers.put(r.requestId(), r)).as("answered twice: %s", r.requestId()).isNull();
            }

            assertThat(answers).hasSize(calls);
            for (long id = 1; id <= calls; id++) {
                assertThat(answers).containsKey(id);
            }
            PendingCalls pending = server.router().realm("realm1").orElseThrow().dealer().pendingCalls();
            assertThat(pending.inFlight()).as("pending-call slots still held").isZero();
            assertThat(pending.undeliverable()).isEqualTo(refused);
        }
    }

    private RunningServer server() {
        RpcSettings rpc = new RpcSettings(10_000, 100_000, Duration.ZERO, Duration.ofMinutes(10),
                RpcSettings.DEFAULTS.callerDisclosure(), RpcSettings.DEFAULTS.trustlevels(),
                RpcSettings.DEFAULTS.maxTestamentsPerSession());
        RealmConfig realm = new RealmConfig("realm1", "test", List.of("anonymous"), false, rpc, PubSubSettings.DEFAULTS);
        Router router = new Router(new RouterConfig(List.of(realm), UriValidator.LOOSE, "bondy-test"),
                new AnonymousAuthenticator(), Authorizer.ALLOW_ALL, metrics);
        TransportConfig standard = TestConfigs.standard();
        TransportConfig small = new TransportConfig(standard.websocket(), standard.rawsocket(), 2, true,
                64 * 1024, MAX_OUTBOUND);
        return new RunningServer(small, router);
    }
}
