package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import io.bondy.core.message.Yield;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DealerTest {

    private final RouterFixture fixture = new RouterFixture();
    private final RouterFixture.Client callee = fixture.join();
    private final RouterFixture.Client caller = fixture.join();

    @Test
    void callIsInvokedOnTheCalleeAndItsYieldReturnsAsResult() {
        long reg = register(callee, "com.example.add");

        caller.send(new Call(11, Map.of(), "com.example.add", Payload.of(List.of(2, 3), Map.of("x", true))));
        Invocation inv = callee.next(Invocation.class);
        assertThat(inv.registrationId()).isEqualTo(reg);
        assertThat(inv.payload()).isEqualTo(Payload.of(List.of(2, 3), Map.of("x", true)));

        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of(5))));
        Result result = caller.next(Result.class);
        assertThat(result.requestId()).isEqualTo(11);
        assertThat(result.payload()).isEqualTo(Payload.of(List.of(5)));
    }

    @Test
    void invocationIdsAreSessionScopedAndIncrementFromOne() {
        register(callee, "p.one");
        caller.send(new Call(1, Map.of(), "p.one", null));
        caller.send(new Call(2, Map.of(), "p.one", null));
        assertThat(callee.next(Invocation.class).requestId()).isEqualTo(1);
        assertThat(callee.next(Invocation.class).requestId()).isEqualTo(2);
    }

    @Test
    void calleeErrorReachesTheCallerWithItsUriAndArguments() {
        register(callee, "p.fail");
        caller.send(new Call(12, Map.of(), "p.fail", null));
        Invocation inv = callee.next(Invocation.class);

        callee.send(new Error(MessageType.INVOCATION.code(), inv.requestId(), Map.of(), "com.example.oops",
                Payload.of(List.of("bad"), Map.of("code", 42))));

        Error error = caller.next(Error.class);
        assertThat(error.requestType()).isEqualTo(MessageType.CALL.code());
        assertThat(error.requestId()).isEqualTo(12);
        assertThat(error.error()).isEqualTo("com.example.oops");
        assertThat(error.payload()).isEqualTo(Payload.of(List.of("bad"), Map.of("code", 42)));
    }

    @Test
    void callToUnknownProcedureGetsNoSuchProcedure() {
        caller.send(new Call(13, Map.of(), "p.missing", null));
        Error error = caller.next(Error.class);
        assertThat(error.error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
        assertThat(error.requestId()).isEqualTo(13);
    }

    @Test
    void secondRegistrationOfAProcedureGetsProcedureAlreadyExists() {
        register(callee, "p.dup");
        caller.send(new Register(2, Map.of(), "p.dup"));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.PROCEDURE_ALREADY_EXISTS);
    }

    @Test
    void registeringAReservedOrInvalidUriGetsInvalidUri() {
        callee.send(new Register(1, Map.of(), "wamp.session.count"));
        assertThat(callee.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);
        callee.send(new Register(2, Map.of(), "a..b"));
        assertThat(callee.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);
    }

    @Test
    void unregisterByAnotherSessionGetsNoSuchRegistration() {
        long reg = register(callee, "p.mine");
        caller.send(new Unregister(3, reg));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_REGISTRATION);

        callee.send(new Unregister(4, reg));
        assertThat(callee.next(Unregistered.class).requestId()).isEqualTo(4);
        caller.send(new Call(5, Map.of(), "p.mine", null));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
    }

    @Test
    void calleeLeavingFailsItsPendingCallsAndDropsItsRegistrations() {
        register(callee, "p.slow");
        caller.send(new Call(21, Map.of(), "p.slow", null));
        caller.send(new Call(22, Map.of(), "p.slow", null));
        callee.next(Invocation.class);
        callee.next(Invocation.class);

        callee.session().transportClosed();

        for (long id : List.of(21L, 22L)) {
            Error e = caller.next(Error.class);
            assertThat(e.error()).isEqualTo(WampErrors.CANCELED);
            assertThat(List.of(21L, 22L)).contains(e.requestId());
        }
        caller.send(new Call(23, Map.of(), "p.slow", null));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
    }

    @Test
    void yieldAfterTheCallerLeftIsDroppedQuietly() {
        register(callee, "p.orphan");
        caller.send(new Call(31, Map.of(), "p.orphan", null));
        Invocation inv = callee.next(Invocation.class);

        caller.session().transportClosed();
        callee.send(new Yield(inv.requestId(), Map.of(), null));

        assertThat(callee.peer().drain()).isEmpty();
        assertThat(callee.session().isEstablished()).isTrue();
    }

    @Test
    void errorForAnUnknownRequestTypeIsAProtocolViolation() {
        callee.send(new Error(MessageType.CALL.code(), 1, Map.of(), "x.y", null));
        assertThat(callee.next(io.bondy.core.message.Abort.class).reason()).isEqualTo(WampErrors.PROTOCOL_VIOLATION);
    }

    private static long register(RouterFixture.Client c, String procedure) {
        c.send(new Register(100, Map.of(), procedure));
        return c.next(Registered.class).registrationId();
    }
    /**
     * A CALL routed by another thread at the moment the router answers REGISTER must not put its
     * INVOCATION ahead of REGISTERED in the callee's outbox. The peer below calls exactly when REGISTERED
     * is queued; first as the only callee, then joining a shared registration.
     */
    @Test
    void noInvocationOvertakesRegistered() {
        assertRegisteredComesFirst("p.race.new", Map.of());
        RouterFixture.Client first = fixture.join();
        first.send(new Register(50, Map.of("invoke", "last"), "p.race.shared"));
        first.next(Registered.class);
        assertRegisteredComesFirst("p.race.shared", Map.of("invoke", "last"));
    }

    private void assertRegisteredComesFirst(String procedure, Map<String, Object> options) {
        io.bondy.core.testing.RecordingPeer recorder = new io.bondy.core.testing.RecordingPeer();
        io.bondy.core.testing.HookedPeer racing = new io.bondy.core.testing.HookedPeer(recorder, Registered.class,
                () -> caller.send(new Call(60, Map.of(), procedure, null)));
        RouterFixture.Client late = fixture.join(racing, recorder);
        late.send(new Register(61, options, procedure));
        assertThat(racing.fired()).isTrue();
        assertThat(recorder.next()).isInstanceOf(Registered.class);
    }
}
