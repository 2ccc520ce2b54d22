package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.Yield;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallTimeoutTest {

    private static final RpcSettings MAX_2S = new RpcSettings(100, 1000, Duration.ZERO, Duration.ofSeconds(2),
            RpcSettings.CallerDisclosure.ON_REQUEST, RpcSettings.TrustLevels.OFF, 4);

    private final RouterFixture fixture = new RouterFixture(MAX_2S);
    private final RouterFixture.Client callee = fixture.join(List.of("call_canceling"));
    private final RouterFixture.Client caller = fixture.join(RouterFixture.ADVANCED_RPC);

    @Test
    void routerTimeoutAnswersTheCallerWithTimeoutAndInterruptsTheCallee() {
        register(callee, "t.slow");
        caller.send(new Call(1, Map.of("timeout", 500), "t.slow", null));
        Invocation inv = callee.next(Invocation.class);
        assertThat(inv.details()).doesNotContainKey("timeout");

        fixture.scheduler.advance(Duration.ofMillis(499));
        assertThat(caller.peer().drain()).isEmpty();
        fixture.scheduler.advance(Duration.ofMillis(1));

        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(1);
        assertThat(error.error()).isEqualTo(WampErrors.TIMEOUT);
        Interrupt interrupt = callee.next(Interrupt.class);
        assertThat(interrupt.requestId()).isEqualTo(inv.requestId());
        assertThat(interrupt.options()).containsEntry("mode", "killnowait");
    }

    @Test
    void aCalleeThatCannotCancelIsNotInterruptedOnTimeout() {
        RouterFixture.Client basic = fixture.join();
        register(basic, "t.basic");
        caller.send(new Call(2, Map.of("timeout", 100), "t.basic", null));
        Invocation inv = basic.next(Invocation.class);

        fixture.scheduler.advance(Duration.ofMillis(100));

        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.TIMEOUT);
        basic.send(new Yield(inv.requestId(), Map.of(), null)); // late: dropped
        assertThat(basic.peer().drain()).isEmpty();
        assertThat(caller.peer().drain()).isEmpty();
    }

    @Test
    void yieldBeforeTheTimeoutWinsAndCancelsTheTimer() {
        register(callee, "t.race1");
        caller.send(new Call(3, Map.of("timeout", 100), "t.race1", null));
        Invocation inv = callee.next(Invocation.class);
        assertThat(fixture.scheduler.pending()).isEqualTo(1);

        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("ok"))));
        fixture.scheduler.advance(Duration.ofSeconds(1));

        assertThat(caller.next(Result.class).payload()).isEqualTo(Payload.of(List.of("ok")));
        assertThat(caller.peer().drain()).isEmpty();
        assertThat(callee.peer().drain()).isEmpty();
        assertThat(fixture.scheduler.pending()).isZero();
    }

    @Test
    void yieldAfterTheTimeoutIsDroppedSoTheCallerGetsExactlyOneAnswer() {
        register(callee, "t.race2");
        caller.send(new Call(4, Map.of("timeout", 100), "t.race2", null));
        Invocation inv = callee.next(Invocation.class);

        fixture.scheduler.advance(Duration.ofMillis(100));
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("late"))));

        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.TIMEOUT);
        assertThat(caller.peer().drain()).isEmpty();
    }

    @Test
    void timeoutRestartsWithEachProgressiveResult() {
        RouterFixture.Client streamer = fixture.join(RouterFixture.ADVANCED_RPC);
        register(streamer, "t.stream");
        caller.send(new Call(5, Map.of("timeout", 100, "receive_progress", true), "t.stream", null));
        Invocation inv = streamer.next(Invocation.class);
        for (int i = 0; i < 3; i++) {
            fixture.scheduler.advance(Duration.ofMillis(90));
            streamer.send(new Yield(inv.requestId(), Map.of("progress", true), Payload.of(List.of(i))));
            assertThat(caller.next(Result.class).details()).containsEntry("progress", true);
        }
        fixture.scheduler.advance(Duration.ofMillis(100));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.TIMEOUT);
    }

    @Test
    void aTimeoutAboveTheRealmMaximumIsCutToIt() {
        register(callee, "t.long");
        caller.send(new Call(6, Map.of("timeout", 3_600_000), "t.long", null));
        callee.next(Invocation.class);

        fixture.scheduler.advance(Duration.ofSeconds(2));

        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.TIMEOUT);
    }

    @Test
    void zeroOrNoTimeoutRunsNoTimer() {
        register(callee, "t.none");
        caller.send(new Call(7, Map.of("timeout", 0), "t.none", null));
        caller.send(new Call(8, Map.of(), "t.none", null));
        callee.next(Invocation.class);
        callee.next(Invocation.class);
        assertThat(fixture.scheduler.pending()).isZero();
    }

    @Test
    void aCalleeAskingForForwardTimeoutGetsTheTimeoutAndTheRouterRunsNoTimer() {
        RouterFixture.Client own = fixture.join(List.of("call_timeout", "call_canceling"));
        register(own, "t.forward", Map.of("forward_timeout", true));
        caller.send(new Call(9, Map.of("timeout", 700), "t.forward", null));
        assertThat(own.next(Invocation.class).details()).containsEntry("timeout", 700L);
        assertThat(fixture.scheduler.pending()).isZero();
    }

    @Test
    void theRealmDefaultTimeoutAppliesToCallsWithoutOne() {
        RouterFixture withDefault = new RouterFixture(new RpcSettings(100, 1000, Duration.ofMillis(300),
                Duration.ofSeconds(2), RpcSettings.CallerDisclosure.ON_REQUEST, RpcSettings.TrustLevels.OFF, 4));
        RouterFixture.Client c1 = withDefault.join();
        RouterFixture.Client c2 = withDefault.join();
        register(c1, "t.default");
        c2.send(new Call(10, Map.of(), "t.default", null));
        c1.next(Invocation.class);
        withDefault.scheduler.advance(Duration.ofMillis(300));
        assertThat(c2.next(Error.class).error()).isEqualTo(WampErrors.TIMEOUT);
    }
}
