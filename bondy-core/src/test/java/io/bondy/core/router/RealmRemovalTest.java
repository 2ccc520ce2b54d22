package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Call;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Result;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.testing.RecordingPeer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RealmRemovalTest {

    private final RouterFixture fixture = new RouterFixture();
    private static final Map<String, Object> ROLES = Map.of("roles", Map.of("caller", Map.of()));

    @Test
    void removingARealmSaysGoodbyeToItsSessionsWithTheReason() {
        RouterFixture.Client a = fixture.join();
        RouterFixture.Client b = fixture.join();

        assertThat(fixture.router.removeRealm("realm1", WampErrors.CLOSE_REALM, "realm deleted")).isTrue();

        for (RouterFixture.Client c : List.of(a, b)) {
            Goodbye goodbye = c.next(Goodbye.class);
            assertThat(goodbye.reason()).isEqualTo(WampErrors.CLOSE_REALM);
            assertThat(goodbye.details()).containsEntry("message", "realm deleted");
            assertThat(c.session().isEstablished()).isFalse();
        }
        assertThat(fixture.router.realm("realm1")).isEmpty();
    }

    @Test
    void helloToARemovedRealmIsAbortedWithNoSuchRealm() {
        fixture.router.removeRealm("realm1", WampErrors.CLOSE_REALM, "realm deleted");
        RecordingPeer peer = new RecordingPeer();
        fixture.router.open(peer).receive(new Hello("realm1", ROLES));

        assertThat(peer.next(Abort.class).reason()).isEqualTo(WampErrors.NO_SUCH_REALM);
    }

    @Test
    void aRemovedRealmCanBeAddedAgainWithItsMetaProcedures() {
        fixture.router.removeRealm("realm1", WampErrors.CLOSE_REALM, "realm deleted");
        fixture.router.addRealm(new RealmConfig("realm1", "again", List.of("anonymous"), false));

        RouterFixture.Client c = fixture.join();
        c.send(new Call(1, Map.of(), "wamp.session.count", null));
        assertThat(c.next(Result.class).payload().toString()).contains("1");
    }

    @Test
    void aSessionStillAuthenticatingWhenItsRealmIsRemovedIsAbortedNotWelcomed() {
        java.util.function.Function<io.bondy.core.message.Authenticate, io.bondy.core.spi.AuthOutcome> grant =
                a -> new io.bondy.core.spi.AuthOutcome.Granted(new io.bondy.core.spi.AuthIdentity("x", "user",
                        "ticket", "test", Map.of()));
        Router router = new Router(new RouterConfig(List.of(new RealmConfig("r", "", List.of("ticket"), false)),
                RouterConfig.development().uriValidation(), "test"),
                request -> new io.bondy.core.spi.AuthOutcome.Challenge("ticket", Map.of(), grant),
                io.bondy.core.spi.Authorizer.ALLOW_ALL, io.bondy.core.spi.RouterMetrics.NOOP);
        RecordingPeer peer = new RecordingPeer();
        WampSession session = router.open(peer);
        session.receive(new Hello("r", ROLES));
        peer.next(io.bondy.core.message.Challenge.class);

        router.removeRealm("r", WampErrors.CLOSE_REALM, "deleted");
        session.receive(new io.bondy.core.message.Authenticate("t", Map.of()));

        assertThat(peer.next(Abort.class).reason()).isEqualTo(WampErrors.NO_SUCH_REALM);
        assertThat(session.isEstablished()).isFalse();
    }

    @Test
    void removingAnUnknownRealmReturnsFalse() {
        assertThat(fixture.router.removeRealm("com.nowhere", WampErrors.CLOSE_REALM, "x")).isFalse();
    }

    @Test
    void unknownRealmHandlerCanCreateTheRealmAHelloNames() {
        fixture.router.setUnknownRealmHandler(uri -> Optional.of(
                fixture.router.addRealm(new RealmConfig(uri, "auto", List.of("anonymous"), false))));

        RouterFixture.Client c = fixture.join("com.example.auto");

        assertThat(fixture.router.realm("com.example.auto")).isPresent();
        assertThat(c.session().realmUri()).isEqualTo("com.example.auto");
    }

    @Test
    void pingAnswersPong() {
        RouterFixture.Client c = fixture.join();
        c.send(new Call(7, Map.of(), "bondy.ping", null));

        assertThat(c.next(Result.class).payload().toString()).contains("pong");
    }
}
