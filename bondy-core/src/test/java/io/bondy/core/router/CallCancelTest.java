package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Error;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.Yield;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallCancelTest {

    private final RouterFixture fixture = new RouterFixture();
    private final RouterFixture.Client callee = fixture.join(List.of("call_canceling"));
    private final RouterFixture.Client caller = fixture.join(RouterFixture.ADVANCED_RPC);

    @Test
    void skipAnswersTheCallerAtOnceWithoutInterruptingTheCallee() {
        Invocation inv = invoke(1);
        caller.send(new Cancel(1, Map.of("mode", "skip")));

        Error error = caller.next(Error.class);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
        assertThat(error.requestId()).isEqualTo(1);
        callee.send(new Yield(inv.requestId(), Map.of(), null));
        assertThat(callee.peer().drain()).isEmpty();
        assertThat(caller.peer().drain()).isEmpty();
    }

    @Test
    void killInterruptsTheCalleeAndTheCallerGetsTheCalleesAnswer() {
        Invocation inv = invoke(2);
        caller.send(new Cancel(2, Map.of("mode", "kill")));

        Interrupt interrupt = callee.next(Interrupt.class);
        assertThat(interrupt.requestId()).isEqualTo(inv.requestId());
        assertThat(interrupt.options()).containsEntry("mode", "kill");
        assertThat(caller.peer().drain()).isEmpty();

        callee.send(new Error(MessageType.INVOCATION.code(), inv.requestId(), Map.of(), WampErrors.CANCELED, null));
        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(2);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
    }

    @Test
    void killStillDeliversAResultThatWinsTheRace() {
        Invocation inv = invoke(3);
        caller.send(new Cancel(3, Map.of("mode", "kill")));
        callee.next(Interrupt.class);
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("finished anyway"))));
        assertThat(caller.next(Result.class).payload()).isEqualTo(Payload.of(List.of("finished anyway")));
    }

    @Test
    void killNoWaitAnswersAtOnceInterruptsAndDropsTheCalleesAnswer() {
        Invocation inv = invoke(4);
        caller.send(new Cancel(4, Map.of("mode", "killnowait")));

        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.CANCELED);
        assertThat(callee.next(Interrupt.class).options()).containsEntry("mode", "killnowait");
        callee.send(new Error(MessageType.INVOCATION.code(), inv.requestId(), Map.of(), WampErrors.CANCELED, null));
        assertThat(caller.peer().drain()).isEmpty();
    }

    @Test
    void withoutAModeCancelIsKillNoWait() {
        invoke(5);
        caller.send(new Cancel(5, Map.of()));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.CANCELED);
        assertThat(callee.next(Interrupt.class).options()).containsEntry("mode", "killnowait");
    }

    @Test
    void aCalleeThatCannotCancelGetsSkipWhateverTheMode() {
        RouterFixture.Client basic = fixture.join();
        register(basic, "c.basic");
        caller.send(new Call(6, Map.of(), "c.basic", null));
        basic.next(Invocation.class);

        caller.send(new Cancel(6, Map.of("mode", "kill")));

        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.CANCELED);
        assertThat(basic.peer().drain()).isEmpty();
    }

    @Test
    void cancelAfterTheResultIsIgnored() {
        Invocation inv = invoke(7);
        callee.send(new Yield(inv.requestId(), Map.of(), null));
        caller.next(Result.class);

        caller.send(new Cancel(7, Map.of("mode", "kill")));

        assertThat(caller.peer().drain()).isEmpty();
        assertThat(callee.peer().drain()).isEmpty();
        assertThat(caller.session().isEstablished()).isTrue();
    }

    @Test
    void cancelOfAnUnknownRequestIsIgnored() {
        caller.send(new Cancel(999, Map.of()));
        assertThat(caller.peer().drain()).isEmpty();
        assertThat(caller.session().isEstablished()).isTrue();
    }

    @Test
    void callerLeavingInterruptsTheCalleeWithKillNoWait() {
        Invocation inv = invoke(8);
        caller.session().transportClosed();
        Interrupt interrupt = callee.next(Interrupt.class);
        assertThat(interrupt.requestId()).isEqualTo(inv.requestId());
        assertThat(interrupt.options()).containsEntry("mode", "killnowait");
    }

    private Invocation invoke(long request) {
        register(callee, "c.proc" + request);
        caller.send(new Call(request, Map.of(), "c.proc" + request, null));
        return callee.next(Invocation.class);
    }
}
