package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Result;
import io.bondy.core.message.Yield;
import io.bondy.core.router.rpc.CallTables;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingCallLimitsTest {

    private static final String FULL = "bondy.error.too_many_pending_calls";

    @Test
    void aCallerOverItsPendingCallLimitGetsAnErrorAndTheTableDoesNotGrow() {
        RouterFixture fixture = new RouterFixture(limits(2, 100));
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client caller = fixture.join();
        register(callee, "l.slow");
        caller.send(new Call(1, Map.of(), "l.slow", null));
        caller.send(new Call(2, Map.of(), "l.slow", null));
        caller.send(new Call(3, Map.of(), "l.slow", null));

        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(3);
        assertThat(error.error()).isEqualTo(FULL);
        assertThat(CallTables.pendingAsCaller(caller.session())).isEqualTo(2);
    }

    @Test
    void aCalleeOverItsLimitIsNotGivenMoreInvocations() {
        RouterFixture fixture = new RouterFixture(limits(1, 100));
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client a = fixture.join();
        RouterFixture.Client b = fixture.join();
        register(callee, "l.busy");
        a.send(new Call(1, Map.of(), "l.busy", null));
        b.send(new Call(1, Map.of(), "l.busy", null));
        assertThat(b.next(Error.class).error()).isEqualTo(FULL);
    }

    @Test
    void theRealmLimitCountsEveryCallAndFreesAnsweredOnes() {
        RouterFixture fixture = new RouterFixture(limits(10, 2));
        RouterFixture.Client callee = fixture.join();
        RouterFixture.Client caller = fixture.join();
        register(callee, "l.realm");
        caller.send(new Call(1, Map.of(), "l.realm", null));
        caller.send(new Call(2, Map.of(), "l.realm", null));
        caller.send(new Call(3, Map.of(), "l.realm", null));
        assertThat(caller.next(Error.class).error()).isEqualTo(FULL);

        Invocation first = callee.next(Invocation.class);
        callee.send(new Yield(first.requestId(), Map.of(), null));
        caller.next(Result.class);
        caller.send(new Call(4, Map.of(), "l.realm", null));
        assertThat(callee.next(Invocation.class)).isNotNull();
        Realm realm = fixture.router.realm("realm1").orElseThrow();
        assertThat(realm.dealer().pendingCalls().inFlight()).isEqualTo(2);
    }

    @Test
    void yieldAndErrorForUnknownInvocationsAreIgnored() {
        RouterFixture fixture = new RouterFixture();
        RouterFixture.Client callee = fixture.join();
        callee.send(new Yield(12345, Map.of(), null));
        callee.send(new Error(MessageType.INVOCATION.code(), 12346, Map.of(), "x.y", null));
        assertThat(callee.peer().drain()).isEmpty();
        assertThat(callee.session().isEstablished()).isTrue();
    }

    private static RpcSettings limits(int perSession, int perRealm) {
        return new RpcSettings(perSession, perRealm, Duration.ZERO, Duration.ofSeconds(1),
                RpcSettings.CallerDisclosure.ON_REQUEST, RpcSettings.TrustLevels.OFF, 4);
    }
}
