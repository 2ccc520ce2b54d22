package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Publish;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.testing.ForwardingPeer;
import io.bondy.core.testing.RecordingPeer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionLifecycleTest {

    private final RouterFixture fixture = new RouterFixture();
    private static final Map<String, Object> ROLES = Map.of("roles", Map.of("caller", Map.of()));

    @Test
    void helloToKnownRealmGetsWelcomeWithIdentityAndRoles() {
        RecordingPeer peer = new RecordingPeer();
        WampSession session = fixture.router.open(peer);
        session.receive(new Hello("realm1", ROLES));

        Welcome welcome = peer.next(Welcome.class);
        assertThat(welcome.session()).isBetween(1L, 1L << 53);
        assertThat(welcome.details()).containsEntry("authrole", "anonymous")
                .containsEntry("authmethod", "anonymous")
                .containsEntry("realm", "realm1")
                .containsKeys("authid", "roles");
        assertThat(((Map<?, ?>) welcome.details().get("roles")).keySet()).map(Object::toString).containsOnly("broker", "dealer");
        assertThat(session.isEstablished()).isTrue();
    }

    @Test
    void helloToUnknownRealmIsAbortedWithNoSuchRealm() {
        RecordingPeer peer = new RecordingPeer();
        fixture.router.open(peer).receive(new Hello("com.nowhere", ROLES));

        assertThat(peer.next(Abort.class).reason()).isEqualTo(WampErrors.NO_SUCH_REALM);
        assertThat(peer.isClosed()).isTrue();
    }

    @Test
    void helloWithInvalidRealmUriIsAbortedWithInvalidUri() {
        RecordingPeer peer = new RecordingPeer();
        fixture.router.open(peer).receive(new Hello("bad realm", ROLES));

        assertThat(peer.next(Abort.class).reason()).isEqualTo(WampErrors.INVALID_URI);
    }

    @Test
    void helloOfferingOnlyUnsupportedAuthMethodsIsAborted() {
        RecordingPeer peer = new RecordingPeer();
        fixture.router.open(peer).receive(new Hello("realm1",
                Map.of("roles", Map.of("caller", Map.of()), "authmethods", List.of("wampcra"))));

        assertThat(peer.next(Abort.class).reason()).isEqualTo(WampErrors.NO_MATCHING_AUTH_METHOD);
    }

    @Test
    void messageBeforeHelloIsAProtocolViolation() {
        RecordingPeer peer = new RecordingPeer();
        fixture.router.open(peer).receive(new Publish(1, Map.of(), "a.b", null));

        Abort abort = peer.next(Abort.class);
        assertThat(abort.reason()).isEqualTo(WampErrors.PROTOCOL_VIOLATION);
        assertThat((String) abort.details().get("message")).contains("before HELLO");
        assertThat(peer.isClosed()).isTrue();
    }

    @Test
    void secondHelloAbortsTheSessionAndRemovesIt() {
        RouterFixture.Client client = fixture.join();
        Realm realm = fixture.router.realm("realm1").orElseThrow();
        assertThat(realm.sessions()).contains(client.session());

        client.send(new Hello("realm1", ROLES));

        assertThat(client.next(Abort.class).reason()).isEqualTo(WampErrors.PROTOCOL_VIOLATION);
        assertThat(realm.sessions()).doesNotContain(client.session());
    }

    @Test
    void clientGoodbyeIsAnsweredAndTheTransportMayStartANewSession() {
        RouterFixture.Client client = fixture.join();
        long first = client.session().id();

        client.send(new Goodbye(Map.of(), WampErrors.CLOSE_NORMAL));
        assertThat(client.next(Goodbye.class).reason()).isEqualTo(WampErrors.GOODBYE_AND_OUT);
        assertThat(fixture.router.realm("realm1").orElseThrow().sessions()).isEmpty();

        client.send(new Hello("realm1", ROLES));
        assertThat(client.next(Welcome.class).session()).isNotEqualTo(first);
    }

    /**
     * A client that hears GOODBYE back and at once asks about itself from another session (jawampa's interop
     * scenario does) must find it gone: the realm forgets the session before the reply is sent.
     */
    @Test
    void whenTheGoodbyeReplyReachesTheClientTheRealmNoLongerListsTheSession() {
        Realm realm = fixture.router.realm("realm1").orElseThrow();
        AtomicReference<Boolean> listedAtReply = new AtomicReference<>();
        RecordingPeer recorder = new RecordingPeer();
        AtomicReference<WampSession> self = new AtomicReference<>();
        ForwardingPeer transport = new ForwardingPeer(recorder) {
            @Override
            public void send(WampMessage message) {
                if (message instanceof Goodbye) {
                    listedAtReply.set(realm.sessions().contains(self.get()));
                }
                super.send(message);
            }
        };
        RouterFixture.Client client = fixture.join(transport, recorder);
        self.set(client.session());
        assertThat(realm.sessions()).contains(client.session());

        client.send(new Goodbye(Map.of(), WampErrors.CLOSE_NORMAL));

        assertThat(recorder.next(Goodbye.class).reason()).isEqualTo(WampErrors.GOODBYE_AND_OUT);
        assertThat(listedAtReply.get()).isFalse();
    }

    @Test
    void routerShutdownSaysGoodbyeWithSystemShutdownAndClosesOnReply() {
        RouterFixture.Client client = fixture.join();

        fixture.router.shutdown();
        assertThat(client.next(Goodbye.class).reason()).isEqualTo(WampErrors.SYSTEM_SHUTDOWN);

        client.send(new Goodbye(Map.of(), WampErrors.GOODBYE_AND_OUT));
        assertThat(client.peer().isClosed()).isTrue();
    }

    @Test
    void clientOnlyMessagesFromAClientAreProtocolViolations() {
        RouterFixture.Client client = fixture.join();

        client.send(new Welcome(5, Map.of()));

        assertThat(client.next(Abort.class).reason()).isEqualTo(WampErrors.PROTOCOL_VIOLATION);
    }

    @Test
    void transportCloseRemovesTheSessionFromRouterAndRealm() {
        RouterFixture.Client client = fixture.join();
        assertThat(fixture.router.sessionCount()).isEqualTo(1);

        client.session().transportClosed();

        assertThat(fixture.router.sessionCount()).isZero();
        assertThat(fixture.router.realm("realm1").orElseThrow().sessions()).isEmpty();
    }
}
