package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.spi.AuthIdentity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InternalSessionTest {

    private final RouterFixture fixture = new RouterFixture();
    private final InternalSession internal = InternalSession.join(fixture.router,
            fixture.router.realm("realm1").orElseThrow(),
            new AuthIdentity("bondy", "bondy.internal", "trusted", "bondy", Map.of()));
    private final RouterFixture.Client client = fixture.join();

    @Test
    void clientCallsAnInternalProcedureLikeAnyOther() {
        internal.register("wamp.test.echo", Map.of(), inv -> inv.payload());

        client.send(new Call(1, Map.of(), "wamp.test.echo", Payload.of(List.of("hi"), Map.of("k", 1))));

        Result result = client.next(Result.class);
        assertThat(result.requestId()).isEqualTo(1);
        assertThat(result.payload()).isEqualTo(Payload.of(List.of("hi"), Map.of("k", 1)));
    }

    @Test
    void applicationErrorOfAProcedureReachesTheCaller() {
        internal.register("bondy.test.fail", Map.of(), inv -> {
            throw new ApplicationError("bondy.error.not_found", "nothing here");
        });

        client.send(new Call(2, Map.of(), "bondy.test.fail", null));

        Error error = client.next(Error.class);
        assertThat(error.error()).isEqualTo("bondy.error.not_found");
        assertThat(error.payload()).isEqualTo(Payload.of(List.of("nothing here")));
    }

    @Test
    void unexpectedFailureOfAProcedureIsAnInternalError() {
        internal.register("bondy.test.crash", Map.of(), inv -> {
            throw new IllegalStateException("boom");
        });

        client.send(new Call(3, Map.of(), "bondy.test.crash", null));

        assertThat(client.next(Error.class).error()).isEqualTo(InternalSession.INTERNAL_ERROR);
    }

    @Test
    void registeringAnExistingProcedureThrowsTheDealersError() {
        internal.register("bondy.test.once", Map.of(), inv -> Payload.NONE);
        assertThatThrownBy(() -> internal.register("bondy.test.once", Map.of(), inv -> Payload.NONE))
                .isInstanceOf(ApplicationError.class)
                .extracting(e -> ((ApplicationError) e).uri()).isEqualTo(WampErrors.PROCEDURE_ALREADY_EXISTS);
    }

    @Test
    void internalPublicationsReachSubscribers() {
        client.send(new Subscribe(4, Map.of(), "wamp.session.on_join"));
        long sub = client.next(Subscribed.class).subscriptionId();

        internal.publish("wamp.session.on_join", Payload.of(List.of(Map.of("session", 1))), Map.of());

        Event event = client.next(Event.class);
        assertThat(event.subscriptionId()).isEqualTo(sub);
        assertThat(event.payload()).isEqualTo(Payload.of(List.of(Map.of("session", 1))));
    }
    @Test
    void callReturnsTheResultOfAnInternalProcedureWithTheCallersIdentity() throws Exception {
        internal.register("bondy.test.whoami", Map.of(), inv -> Payload.of(List.of(inv.details().get("caller_authid"))));
        InternalSession acting = InternalSession.actingFor(fixture.router, fixture.router.realm("realm1").orElseThrow(),
                new AuthIdentity("alice", "user", "password", "bondy", Map.of()),
                new io.bondy.core.spi.TransportInfo("http", null, null));

        Payload result = acting.call("bondy.test.whoami", Payload.NONE, Map.of()).get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(result).isEqualTo(Payload.of(List.of("alice")));
        acting.leave();
    }

    @Test
    void callCompletesExceptionallyWithTheErrorUri() {
        InternalSession caller = InternalSession.join(fixture.router, fixture.router.realm("realm1").orElseThrow(),
                new AuthIdentity("bondy", "bondy.internal", "trusted", "bondy", Map.of()));

        assertThat(caller.call("com.example.missing", Payload.NONE, Map.of()))
                .failsWithin(java.time.Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(ApplicationError.class)
                .satisfies(e -> assertThat(((ApplicationError) e).uri()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE));
    }
}
