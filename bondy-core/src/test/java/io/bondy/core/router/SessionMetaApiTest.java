package io.bondy.core.router;

import static io.bondy.core.router.Rpc.call;
import static io.bondy.core.router.Rpc.first;
import static io.bondy.core.router.Rpc.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Payload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class SessionMetaApiTest {

    private final RouterFixture fixture = new RouterFixture();
    private final RouterFixture.Client admin = fixture.join();
    private final RouterFixture.Client other = fixture.join();

    @Test
    void countAndListSeeClientSessionsOnlyAndFilterByAuthrole() {
        assertThat(first(call(admin, "wamp.session.count", List.of()))).isEqualTo(2);
        assertThat((List<Object>) first(call(admin, "wamp.session.list", List.of())))
                .containsExactlyInAnyOrder(admin.id(), other.id());
        assertThat(first(call(admin, "wamp.session.count", List.of(List.of("nobody"))))).isEqualTo(0);
        assertThat((List<Object>) first(call(admin, "wamp.session.list", List.of(List.of("anonymous"))))).hasSize(2);
    }

    @Test
    void getReturnsTheSessionDetailsOrNoSuchSession() {
        Map<?, ?> details = (Map<?, ?>) first(call(admin, "wamp.session.get", List.of(other.id())));
        assertThat(details.get("session")).isEqualTo(other.id());
        assertThat(details.get("authrole")).isEqualTo("anonymous");
        assertThat(details.get("authmethod")).isEqualTo("anonymous");
        assertThat(details.get("transport")).isInstanceOf(Map.class);

        admin.send(new Call(1, Map.of(), "wamp.session.get", Payload.of(List.of(42L))));
        assertThat(admin.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_SESSION);
    }

    @Test
    void selfReturnsTheCallersOwnSession() {
        Map<?, ?> details = (Map<?, ?>) first(call(admin, "bondy.session.self", List.of()));
        assertThat(details.get("session")).isEqualTo(admin.id());
    }

    @Test
    void killClosesTheSessionWithGoodbyeKilledAndItsMessage() {
        call(admin, "wamp.session.kill", List.of(other.id()), Map.of("message", "bye now"));

        Goodbye goodbye = other.next(Goodbye.class);
        assertThat(goodbye.reason()).isEqualTo(WampErrors.KILLED);
        assertThat(goodbye.details()).containsEntry("message", "bye now");
        assertThat(other.session().isEstablished()).isFalse();
        assertThat(first(call(admin, "wamp.session.count", List.of()))).isEqualTo(1);
    }

    @Test
    void killWithAReasonSendsThatReason() {
        call(admin, "wamp.session.kill", List.of(other.id()), Map.of("reason", "com.example.maintenance"));
        assertThat(other.next(Goodbye.class).reason()).isEqualTo("com.example.maintenance");
    }

    @Test
    void killWithAnInvalidReasonIsInvalidUri() {
        admin.send(new Call(2, Map.of(), "wamp.session.kill", Payload.of(List.of(other.id()), Map.of("reason", "not a uri"))));
        assertThat(admin.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);
        assertThat(other.session().isEstablished()).isTrue();
    }

    @Test
    void killingOnesOwnSessionIsNoSuchSession() {
        admin.send(new Call(3, Map.of(), "wamp.session.kill", Payload.of(List.of(admin.id()))));
        assertThat(admin.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_SESSION);
        assertThat(admin.session().isEstablished()).isTrue();
    }

    @Test
    void killByAuthidAndAuthroleAndAllSpareTheCaller() {
        RouterFixture.Client third = fixture.join();
        String authid = other.session().identity().authid();
        assertThat((List<Object>) first(call(admin, "wamp.session.kill_by_authid", List.of(authid))))
                .containsExactly(other.id());
        assertThat(first(call(admin, "wamp.session.kill_by_authrole", List.of("anonymous")))).isEqualTo(1);
        assertThat(third.next(Goodbye.class).reason()).isEqualTo(WampErrors.KILLED);
        assertThat(first(call(admin, "wamp.session.kill_all", List.of()))).isEqualTo(0);
        assertThat(admin.session().isEstablished()).isTrue();
    }

    @Test
    void ill_typedArgumentsAreInvalidArgument() {
        admin.send(new Call(4, Map.of(), "wamp.session.get", Payload.of(List.of("not an id"))));
        assertThat(admin.next(Error.class).error()).isEqualTo(WampErrors.INVALID_ARGUMENT);
        admin.send(new Call(5, Map.of(), "wamp.session.kill", Payload.NONE));
        assertThat(admin.next(Error.class).error()).isEqualTo(WampErrors.INVALID_ARGUMENT);
    }

    @Test
    void joinAndLeaveArePublishedAsMetaEvents() {
        long onJoin = subscribe(admin, "wamp.session.on_join");
        long onLeave = subscribe(admin, "wamp.session.on_leave");

        RouterFixture.Client newcomer = fixture.join();
        Event joined = admin.next(Event.class);
        assertThat(joined.subscriptionId()).isEqualTo(onJoin);
        Map<?, ?> details = (Map<?, ?>) ((Payload.Arguments) joined.payload()).args().get(0);
        assertThat(details.get("session")).isEqualTo(newcomer.id());
        assertThat(details.get("authrole")).isEqualTo("anonymous");

        String authid = newcomer.session().identity().authid();
        newcomer.session().transportClosed();
        Event left = admin.next(Event.class);
        assertThat(left.subscriptionId()).isEqualTo(onLeave);
        assertThat(((Payload.Arguments) left.payload()).args()).containsExactly(newcomer.id(), authid, "anonymous");
    }
}
