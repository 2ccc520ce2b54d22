package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.Yield;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressiveCallTest {

    private final RouterFixture fixture = new RouterFixture();
    private final RouterFixture.Client callee = fixture.join(RouterFixture.ADVANCED_RPC);
    private final RouterFixture.Client caller = fixture.join(RouterFixture.ADVANCED_RPC);

    @Test
    void callerReceivesProgressiveResultsInOrderThenTheFinalResult() {
        register(callee, "p.stream");
        caller.send(new Call(1, Map.of("receive_progress", true), "p.stream", null));
        Invocation inv = callee.next(Invocation.class);
        assertThat(inv.details()).containsEntry("receive_progress", true);

        for (int i = 1; i <= 3; i++) {
            callee.send(new Yield(inv.requestId(), Map.of("progress", true), Payload.of(List.of(i))));
        }
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("done"))));

        for (int i = 1; i <= 3; i++) {
            Result r = caller.next(Result.class);
            assertThat(r.requestId()).isEqualTo(1);
            assertThat(r.details()).containsEntry("progress", true);
            assertThat(r.payload()).isEqualTo(Payload.of(List.of(i)));
        }
        Result last = caller.next(Result.class);
        assertThat(last.details()).doesNotContainKey("progress");
        assertThat(last.payload()).isEqualTo(Payload.of(List.of("done")));
    }

    @Test
    void progressiveResultsTheCallerDidNotAskForAreDropped() {
        register(callee, "p.quiet");
        caller.send(new Call(2, Map.of(), "p.quiet", null));
        Invocation inv = callee.next(Invocation.class);
        assertThat(inv.details()).doesNotContainKey("receive_progress");

        callee.send(new Yield(inv.requestId(), Map.of("progress", true), Payload.of(List.of("partial"))));
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("final"))));

        assertThat(caller.next(Result.class).payload()).isEqualTo(Payload.of(List.of("final")));
        assertThat(caller.peer().drain()).isEmpty();
    }

    /**
     * Stock autobahn-js and wampy callees do not announce {@code call_canceling} (wampy nothing at all),
     * yet call {@code details.progress()}: as Crossbar, the router asks them for progress when the caller
     * wants it, and passes their progressive YIELDs on.
     */
    @Test
    void calleeWithoutTheFeaturesIsAskedForProgressWhenTheCallerWantsItAsCrossbarDoes() {
        RouterFixture.Client basic = fixture.join();
        register(basic, "p.basic");
        caller.send(new Call(3, Map.of("receive_progress", true), "p.basic", null));
        Invocation inv = basic.next(Invocation.class);
        assertThat(inv.details()).containsEntry("receive_progress", true);
        basic.send(new Yield(inv.requestId(), Map.of("progress", true), Payload.of(List.of("half"))));
        basic.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("done"))));
        assertThat(caller.next(Result.class).details()).containsEntry("progress", true);
        Result last = caller.next(Result.class);
        assertThat(last.details()).doesNotContainKey("progress");
        assertThat(last.payload()).isEqualTo(Payload.of(List.of("done")));
    }

    @Test
    void aYieldForACallerThatLeftIsDroppedAndCounted() {
        java.util.concurrent.atomic.AtomicInteger late = new java.util.concurrent.atomic.AtomicInteger();
        io.bondy.core.spi.RouterMetrics metrics = new io.bondy.core.spi.RouterMetrics() {
            @Override
            public void lateAnswerDropped(String realm) {
                late.incrementAndGet();
            }
        };
        RouterFixture counted = new RouterFixture(io.bondy.core.config.PubSubSettings.DEFAULTS, metrics);
        RouterFixture.Client worker = counted.join(RouterFixture.ADVANCED_RPC);
        RouterFixture.Client leaver = counted.join(RouterFixture.ADVANCED_RPC);
        register(worker, "p.late");
        leaver.send(new Call(5, Map.of("receive_progress", true), "p.late", null));
        Invocation inv = worker.next(Invocation.class);
        leaver.session().transportClosed();
        assertThat(worker.next(Interrupt.class).requestId()).isEqualTo(inv.requestId()); // it can cancel
        worker.send(new Yield(inv.requestId(), Map.of("progress", true), Payload.of(List.of(1))));
        worker.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of(2))));
        assertThat(late.get()).isEqualTo(2);
    }

    @Test
    void withTheStrictRuleACalleeWithoutTheFeaturesIsNotAskedForProgress() {
        RouterFixture strict = new RouterFixture(
                io.bondy.core.config.RpcSettings.DEFAULTS.withProgressiveResultsRequireCanceling(true));
        RouterFixture.Client basic = strict.join();
        RouterFixture.Client wants = strict.join(RouterFixture.ADVANCED_RPC);
        register(basic, "p.basic");
        wants.send(new Call(3, Map.of("receive_progress", true), "p.basic", null));
        assertThat(basic.next(Invocation.class).details()).doesNotContainKey("receive_progress");
    }

    @Test
    void calleeLeavingMidStreamEndsTheCallWithCanceled() {
        register(callee, "p.cut");
        caller.send(new Call(4, Map.of("receive_progress", true), "p.cut", null));
        Invocation inv = callee.next(Invocation.class);
        callee.send(new Yield(inv.requestId(), Map.of("progress", true), Payload.of(List.of(1))));
        assertThat(caller.next(Result.class).details()).containsEntry("progress", true);

        callee.session().transportClosed();

        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(4);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
    }

    @Test
    void callerLeavingMidStreamInterruptsTheCalleeWithKillNoWait() {
        register(callee, "p.abandon");
        caller.send(new Call(5, Map.of("receive_progress", true), "p.abandon", null));
        Invocation inv = callee.next(Invocation.class);

        caller.session().transportClosed();

        Interrupt interrupt = callee.next(Interrupt.class);
        assertThat(interrupt.requestId()).isEqualTo(inv.requestId());
        assertThat(interrupt.options()).containsEntry("mode", "killnowait");
        callee.send(new Yield(inv.requestId(), Map.of("progress", true), null)); // ignored
        assertThat(callee.session().isEstablished()).isTrue();
    }

    @Test
    void progressiveInvocationChunksGoToTheSameCalleeWithTheSameRequestId() {
        RouterFixture.Client other = fixture.join(RouterFixture.ADVANCED_RPC);
        register(callee, "p.upload", Map.of("invoke", "roundrobin"));
        register(other, "p.upload", Map.of("invoke", "roundrobin"));

        caller.send(new Call(6, Map.of("progress", true), "p.upload", Payload.of(List.of("a"))));
        Invocation first = callee.next(Invocation.class);
        assertThat(first.details()).containsEntry("progress", true);
        caller.send(new Call(6, Map.of("progress", true), "p.upload", Payload.of(List.of("b"))));
        caller.send(new Call(6, Map.of(), "p.upload", Payload.of(List.of("c"))));

        Invocation second = callee.next(Invocation.class);
        Invocation third = callee.next(Invocation.class);
        assertThat(List.of(second.requestId(), third.requestId())).containsOnly(first.requestId());
        assertThat(second.details()).containsEntry("progress", true);
        assertThat(third.details()).doesNotContainKey("progress");
        assertThat(third.payload()).isEqualTo(Payload.of(List.of("c")));
        assertThat(other.peer().drain()).isEmpty();

        callee.send(new Yield(first.requestId(), Map.of(), Payload.of(List.of("abc"))));
        assertThat(caller.next(Result.class).payload()).isEqualTo(Payload.of(List.of("abc")));
    }

    @Test
    void progressiveInvocationsAndResultsFlowBothWaysInOneCall() {
        register(callee, "p.chat");
        caller.send(new Call(7, Map.of("progress", true, "receive_progress", true), "p.chat", Payload.of(List.of(1))));
        Invocation inv = callee.next(Invocation.class);
        callee.send(new Yield(inv.requestId(), Map.of("progress", true), Payload.of(List.of(10))));
        assertThat(caller.next(Result.class).payload()).isEqualTo(Payload.of(List.of(10)));

        caller.send(new Call(7, Map.of("progress", true), "p.chat", Payload.of(List.of(2))));
        assertThat(callee.next(Invocation.class).payload()).isEqualTo(Payload.of(List.of(2)));
        callee.send(new Yield(inv.requestId(), Map.of("progress", true), Payload.of(List.of(20))));
        assertThat(caller.next(Result.class).payload()).isEqualTo(Payload.of(List.of(20)));

        caller.send(new Call(7, Map.of(), "p.chat", Payload.of(List.of(3))));
        callee.next(Invocation.class);
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of(30))));
        Result last = caller.next(Result.class);
        assertThat(last.details()).doesNotContainKey("progress");
        assertThat(last.payload()).isEqualTo(Payload.of(List.of(30)));
    }

    @Test
    void aChunkArrivingAfterTheCallEndedIsDiscarded() {
        register(callee, "p.late");
        caller.send(new Call(8, Map.of("progress", true), "p.late", null));
        Invocation inv = callee.next(Invocation.class);
        callee.send(new Yield(inv.requestId(), Map.of(), null));
        caller.next(Result.class);

        caller.send(new Call(8, Map.of(), "p.late", null));

        assertThat(callee.peer().drain()).isEmpty();
        assertThat(caller.peer().drain()).isEmpty();
    }

    @Test
    void progressiveCallFromACallerThatDidNotAnnounceItIsAProtocolViolation() {
        RouterFixture.Client basic = fixture.join();
        register(callee, "p.rude");
        basic.send(new Call(9, Map.of("progress", true), "p.rude", null));
        assertThat(basic.next(Abort.class).reason()).isEqualTo(WampErrors.PROTOCOL_VIOLATION);
    }

    @Test
    void progressiveCallToACalleeWithoutTheFeatureIsFeatureNotSupported() {
        RouterFixture.Client basic = fixture.join();
        register(basic, "p.old");
        caller.send(new Call(10, Map.of("progress", true), "p.old", null));
        Error error = caller.next(Error.class);
        assertThat(error.error()).isEqualTo(WampErrors.FEATURE_NOT_SUPPORTED);
        assertThat(basic.peer().drain()).isEmpty();
    }

    @Test
    void reusingTheRequestIdOfANonProgressiveCallInFlightIsAProtocolViolation() {
        register(callee, "p.dupid");
        caller.send(new Call(11, Map.of(), "p.dupid", null));
        callee.next(Invocation.class);
        caller.send(new Call(11, Map.of(), "p.dupid", null));
        assertThat(caller.next(Abort.class).reason()).isEqualTo(WampErrors.PROTOCOL_VIOLATION);
    }
}
