package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.Yield;
import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.router.relay.RelayMessage;
import io.bondy.core.router.rpc.CallTables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a forwarded call whose CALL or answer is lost while the callee's node stays in the view
 * ends on the caller's node at its deadline (the call's timeout plus a margin, or the default
 * forwarded-call timeout) instead of waiting for ever, and its slot is freed.
 */
class ForwardedCallDeadlineTest {

    private final InMemoryCluster cluster = InMemoryCluster.of("a", "b");

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aCallWhoseResultIsLostFailsAtTheDefaultDeadlineAndFreesItsSlot() {
        RouterFixture.Client callee = cluster.join("b");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.lossy");
        cluster.settle();
        cluster.lose((from, to, m) -> m instanceof RelayMessage.Deliver d && d.message() instanceof Result);

        caller.send(new Call(6, Map.of(), "com.example.lossy", null));
        Invocation inv = callee.next(Invocation.class);
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("never arrives"))));
        cluster.settle();
        assertThat(caller.peer().drain()).isEmpty();
        assertThat(CallTables.remoteCalls(caller.session())).containsKey(6L);

        cluster.node("a").scheduler.advance(ClusterRouting.DEFAULT_FORWARDED_CALL_TIMEOUT.minusSeconds(1));
        assertThat(caller.peer().drain()).as("not before the deadline").isEmpty();
        cluster.node("a").scheduler.advance(Duration.ofSeconds(1));

        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(6);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
        assertThat(CallTables.remoteCalls(caller.session())).as("slot freed").isEmpty();
        assertThat(cluster.routing("a").stats()).containsEntry("forwarded_calls_expired", 1L);
        cluster.settle();
        assertThat(caller.peer().drain()).as("answered once").isEmpty();
    }

    @Test
    void aCallWithATimeoutWhoseAnswersAreLostFailsWithTimeoutAndTheCalleeIsInterrupted() {
        RouterFixture.Client callee = cluster.join("b");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.silent");
        cluster.settle();
        cluster.lose((from, to, m) -> m instanceof RelayMessage.Deliver);

        caller.send(new Call(7, Map.of("timeout", 500), "com.example.silent", null));
        Invocation inv = callee.next(Invocation.class);
        cluster.node("a").scheduler.advance(Duration.ofMillis(2499));
        cluster.settle();
        assertThat(caller.peer().drain()).isEmpty();
        cluster.node("a").scheduler.advance(Duration.ofMillis(1));

        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(7);
        assertThat(error.error()).isEqualTo(WampErrors.TIMEOUT);
        assertThat(CallTables.remoteCalls(caller.session())).isEmpty();
        assertThat(callee.next(Interrupt.class).requestId()).as("the callee's node was told to stop it")
                .isEqualTo(inv.requestId());
    }

    @Test
    void anAnsweredCallLeavesNoDeadlineBehind() {
        RouterFixture.Client callee = cluster.join("b");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.fine");
        cluster.settle();

        caller.send(new Call(8, Map.of(), "com.example.fine", null));
        Invocation inv = callee.next(Invocation.class);
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("ok"))));
        assertThat(caller.next(Result.class).requestId()).isEqualTo(8);

        cluster.node("a").scheduler.advance(ClusterRouting.DEFAULT_FORWARDED_CALL_TIMEOUT.plusMinutes(1));
        cluster.settle();
        assertThat(caller.peer().drain()).isEmpty();
        assertThat(cluster.routing("a").stats()).containsEntry("forwarded_calls_expired", 0L);
    }
}
