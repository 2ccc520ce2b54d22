package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Yield;
import io.bondy.core.router.rpc.PendingCalls;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.testing.FullQueuePeer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A session whose outbound queue is full ({@code Peer.offer} says no) never loses a call: an
 * INVOCATION it cannot take fails the call at once, a RESULT it cannot take ends the call, a gap in
 * a progressive stream ends it; every slot is freed and every refusal counted.
 */
class CallBackpressureTest {

    private static final int PER_SESSION = 3;

    private final CountingMetrics metrics = new CountingMetrics();
    private final RouterFixture fixture = new RouterFixture(
            new RpcSettings(PER_SESSION, 100, Duration.ZERO, Duration.ofMinutes(10),
                    RpcSettings.DEFAULTS.callerDisclosure(), RpcSettings.DEFAULTS.trustlevels(),
                    RpcSettings.DEFAULTS.maxTestamentsPerSession()), metrics);
    private final PendingCalls pending = fixture.router.realm("realm1").orElseThrow().dealer().pendingCalls();

    @Test
    void anInvocationTheCalleeCannotTakeFailsTheCallAtOnceAndFreesItsSlot() {
        FullQueuePeer calleePeer = new FullQueuePeer();
        RouterFixture.Client callee = fixture.join(calleePeer, calleePeer.recorder(), List.of());
        RouterFixture.Client caller = fixture.join();
        register(callee, "com.example.slow");
        calleePeer.full();

        // Three times the per-session limit: were a refused call's slot kept, the fourth would get
        // bondy.error.too_many_pending_calls instead of canceled.
        for (long id = 1; id <= 3 * PER_SESSION; id++) {
            caller.send(new Call(id, Map.of(), "com.example.slow", Payload.of(List.of(id))));
            Error error = caller.next(Error.class);
            assertThat(error.requestType()).isEqualTo(MessageType.CALL.code());
            assertThat(error.requestId()).isEqualTo(id);
            assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
            assertThat(error.payload().toString()).contains("INVOCATION could not be queued");
        }
        assertThat(pending.inFlight()).isZero();
        assertThat(metrics.undeliverable(MessageType.INVOCATION)).isEqualTo(3 * PER_SESSION);
        assertThat(calleePeer.recorder().drain()).as("the callee never saw them").isEmpty();

        calleePeer.drained();
        caller.send(new Call(100, Map.of(), "com.example.slow", Payload.NONE));
        Invocation invocation = callee.next(Invocation.class);
        callee.send(new Yield(invocation.requestId(), Map.of(), Payload.of(List.of("ok"))));
        assertThat(caller.next(Result.class).requestId()).isEqualTo(100);
        assertThat(pending.inFlight()).isZero();
    }

    @Test
    void aResultTheCallerCannotTakeEndsTheCallAndAShortErrorTakesItsPlace() {
        FullQueuePeer callerPeer = new FullQueuePeer();
        RouterFixture.Client caller = fixture.join(callerPeer, callerPeer.recorder(), List.of());
        RouterFixture.Client callee = fixture.join();
        register(callee, "com.example.big");
        callerPeer.fullFor(m -> m instanceof Result); // the large RESULT does not fit, a short ERROR does

        caller.send(new Call(7, Map.of(), "com.example.big", Payload.NONE));
        Invocation invocation = callee.next(Invocation.class);
        callee.send(new Yield(invocation.requestId(), Map.of(), Payload.of(List.of("x".repeat(32 * 1024)))));

        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(7);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
        assertThat(error.payload().toString()).contains("RESULT could not be queued");
        assertThat(pending.inFlight()).isZero();
        assertThat(metrics.undeliverable(MessageType.RESULT)).isEqualTo(1);
        assertThat(metrics.failedCalls.get()).as("not counted as a successful call").isEqualTo(1);

        // the callee's answer again (a retry, or a duplicate) is ignored: the call is over
        callee.send(new Yield(invocation.requestId(), Map.of(), Payload.of(List.of("again"))));
        assertThat(callerPeer.recorder().drain()).isEmpty();
    }

    @Test
    void aResultRefusedWhenNothingFitsStillEndsTheCallAndIsCounted() {
        FullQueuePeer callerPeer = new FullQueuePeer();
        RouterFixture.Client caller = fixture.join(callerPeer, callerPeer.recorder(), List.of());
        RouterFixture.Client callee = fixture.join();
        register(callee, "com.example.lost");
        callerPeer.full();

        for (long id = 1; id <= 3 * PER_SESSION; id++) {
            caller.send(new Call(id, Map.of(), "com.example.lost", Payload.NONE));
            Invocation invocation = callee.next(Invocation.class);
            callee.send(new Yield(invocation.requestId(), Map.of(), Payload.of(List.of(id))));
        }

        assertThat(pending.inFlight()).as("no slot stays held").isZero();
        assertThat(metrics.undeliverable(MessageType.RESULT)).isEqualTo(3 * PER_SESSION);
        // each refused RESULT, then the ERROR offered in its place
        assertThat(callerPeer.refused()).isEqualTo(2 * 3 * PER_SESSION);
    }

    @Test
    void aProgressiveResultTheCallerCannotTakeEndsTheStreamAndInterruptsTheCallee() {
        FullQueuePeer callerPeer = new FullQueuePeer();
        RouterFixture.Client caller = fixture.join(callerPeer, callerPeer.recorder(), RouterFixture.ADVANCED_RPC);
        RouterFixture.Client callee = fixture.join(RouterFixture.ADVANCED_RPC);
        register(callee, "com.example.stream");
        caller.send(new Call(9, Map.of("receive_progress", true), "com.example.stream", Payload.NONE));
        Invocation invocation = callee.next(Invocation.class);
        callee.send(new Yield(invocation.requestId(), Map.of("progress", true), Payload.of(List.of(1))));
        assertThat(caller.next(Result.class).details()).containsEntry("progress", true);

        callerPeer.fullFor(m -> m instanceof Result);
        callee.send(new Yield(invocation.requestId(), Map.of("progress", true), Payload.of(List.of(2))));

        Interrupt interrupt = callee.next(Interrupt.class);
        assertThat(interrupt.requestId()).isEqualTo(invocation.requestId());
        assertThat(interrupt.options()).containsEntry("mode", "killnowait");
        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(9);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
        assertThat(pending.inFlight()).isZero();
        assertThat(metrics.undeliverable(MessageType.RESULT)).isEqualTo(1);

        callerPeer.drained();
        callee.send(new Yield(invocation.requestId(), Map.of("progress", true), Payload.of(List.of(3))));
        callee.send(new Yield(invocation.requestId(), Map.of(), Payload.of(List.of("end"))));
        assertThat(callerPeer.recorder().drain()).as("nothing after the gap").isEmpty();
    }

    @Test
    void aChunkOfAProgressiveInvocationTheCalleeCannotTakeEndsTheCall() {
        FullQueuePeer calleePeer = new FullQueuePeer();
        RouterFixture.Client callee = fixture.join(calleePeer, calleePeer.recorder(), RouterFixture.ADVANCED_RPC);
        RouterFixture.Client caller = fixture.join(RouterFixture.ADVANCED_RPC);
        register(callee, "com.example.upload");
        caller.send(new Call(11, Map.of("progress", true), "com.example.upload", Payload.of(List.of(1))));
        Invocation first = callee.next(Invocation.class);

        calleePeer.fullFor(m -> m instanceof Invocation);
        caller.send(new Call(11, Map.of("progress", true), "com.example.upload", Payload.of(List.of(2))));

        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(11);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
        assertThat(callee.next(Interrupt.class).requestId()).isEqualTo(first.requestId());
        assertThat(pending.inFlight()).isZero();
        assertThat(metrics.undeliverable(MessageType.INVOCATION)).isEqualTo(1);
    }

    @Test
    void aCallerThatReadsAgainGetsEveryAnswerItCouldNotTakeAsAnError() {
        FullQueuePeer calleePeer = new FullQueuePeer();
        RouterFixture.Client callee = fixture.join(calleePeer, calleePeer.recorder(), List.of());
        RouterFixture.Client caller = fixture.join();
        register(callee, "com.example.mixed");

        // the callee's queue fills after two invocations
        AtomicInteger accepted = new AtomicInteger();
        calleePeer.fullFor(m -> m instanceof Invocation && accepted.incrementAndGet() > 2);
        for (long id = 1; id <= 5; id++) {
            caller.send(new Call(id, Map.of(), "com.example.mixed", Payload.NONE));
        }
        for (WampMessage m : calleePeer.recorder().drain()) {
            Invocation inv = (Invocation) m;
            callee.send(new Yield(inv.requestId(), Map.of(), Payload.NONE));
        }

        Map<Long, String> answers = new ConcurrentHashMap<>();
        for (int i = 0; i < 5; i++) {
            WampMessage m = caller.peer().next();
            if (m instanceof Result r) {
                assertThat(answers.put(r.requestId(), "result")).isNull();
            } else {
                Error e = (Error) m;
                assertThat(answers.put(e.requestId(), e.error())).isNull();
            }
        }
        assertThat(answers).containsOnlyKeys(1L, 2L, 3L, 4L, 5L);
        assertThat(answers.values()).containsExactlyInAnyOrder("result", "result", WampErrors.CANCELED,
                WampErrors.CANCELED, WampErrors.CANCELED);
        assertThat(pending.inFlight()).isZero();
    }

    private static final class CountingMetrics implements RouterMetrics {
        final Map<MessageType, AtomicInteger> undeliverable = new ConcurrentHashMap<>();
        final AtomicInteger failedCalls = new AtomicInteger();

        @Override
        public void callUndeliverable(String realm, MessageType type) {
            undeliverable.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void callCompleted(String realm, long nanos, boolean ok) {
            if (!ok) {
                failedCalls.incrementAndGet();
            }
        }

        int undeliverable(MessageType type) {
            AtomicInteger n = undeliverable.get(type);
            return n == null ? 0 : n.get();
        }
    }
}
