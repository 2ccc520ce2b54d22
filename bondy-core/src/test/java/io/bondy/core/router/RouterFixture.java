package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Hello;
import io.bondy.core.message.Welcome;
import io.bondy.core.testing.RecordingPeer;
import java.util.Map;

/** A development router and helpers to join sessions to it through in-memory peers. */
final class RouterFixture {

    final Router router = Router.development();

    Client join() {
        return join("realm1");
    }

    Client join(String realm) {
        RecordingPeer peer = new RecordingPeer();
        WampSession session = router.open(peer);
        session.receive(new Hello(realm, Map.of("roles", Map.of(
                "caller", Map.of(), "callee", Map.of(), "publisher", Map.of(), "subscriber", Map.of()))));
        Welcome welcome = peer.next(Welcome.class);
        assertThat(welcome.session()).isEqualTo(session.id());
        return new Client(session, peer);
    }

    record Client(WampSession session, RecordingPeer peer) {

        void send(io.bondy.core.message.WampMessage m) {
            session.receive(m);
        }

        <T extends io.bondy.core.message.WampMessage> T next(Class<T> type) {
            return peer.next(type);
        }
    }
}
