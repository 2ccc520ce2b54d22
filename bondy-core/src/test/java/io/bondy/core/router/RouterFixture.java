package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Hello;
import io.bondy.core.message.Welcome;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.testing.RecordingPeer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A development router and helpers to join sessions to it through in-memory peers. */
final class RouterFixture {

    final Router router;

    RouterFixture() {
        router = Router.development();
    }

    /**
     * A router whose {@code realm1} has these PubSub settings, where a client may name its own
     * {@code authid} and {@code authrole} in HELLO (for black/white listing and trust level tests).
     */
    RouterFixture(PubSubSettings pubsub, RouterMetrics metrics) {
        RealmConfig realm = new RealmConfig("realm1", "test realm", List.of("anonymous"), false,
                RpcSettings.DEFAULTS, pubsub);
        router = new Router(new RouterConfig(List.of(realm), io.bondy.core.uri.UriValidator.LOOSE, "bondy-test"),
                request -> {
                    Map<String, Object> d = request.hello().details();
                    String authid = d.get("authid") instanceof String s ? s : "anon-" + request.sessionId();
                    String authrole = d.get("authrole") instanceof String s ? s : "anonymous";
                    return new AuthOutcome.Granted(new AuthIdentity(authid, authrole, "anonymous", "test", Map.of()));
                },
                Authorizer.ALLOW_ALL, metrics);
    }

    RouterFixture(PubSubSettings pubsub) {
        this(pubsub, RouterMetrics.NOOP);
    }

    Client join() {
        return join("realm1");
    }

    Client join(String realm) {
        return join(realm, new RecordingPeer(), Map.of());
    }

    /** Joins realm1 as {@code authid} / {@code authrole} (with the PubSub-settings constructor). */
    Client joinAs(String authid, String authrole) {
        return join("realm1", new RecordingPeer(), Map.of("authid", authid, "authrole", authrole));
    }

    /** Joins realm1 over {@code transport}, whose received messages {@code peer} records. */
    Client join(Peer transport, RecordingPeer peer) {
        WampSession session = router.open(transport);
        session.receive(new Hello("realm1", hello(Map.of())));
        Welcome welcome = peer.next(Welcome.class);
        assertThat(welcome.session()).isEqualTo(session.id());
        return new Client(session, peer);
    }

    private Client join(String realm, RecordingPeer peer, Map<String, Object> identity) {
        WampSession session = router.open(peer);
        session.receive(new Hello(realm, hello(identity)));
        Welcome welcome = peer.next(Welcome.class);
        assertThat(welcome.session()).isEqualTo(session.id());
        return new Client(session, peer);
    }

    private static Map<String, Object> hello(Map<String, Object> identity) {
        Map<String, Object> details = new LinkedHashMap<>(identity);
        details.put("roles", Map.of(
                "caller", Map.of(), "callee", Map.of(), "publisher", Map.of(), "subscriber", Map.of()));
        return details;
    }

    record Client(WampSession session, RecordingPeer peer) {

        void send(io.bondy.core.message.WampMessage m) {
            session.receive(m);
        }

        <T extends io.bondy.core.message.WampMessage> T next(Class<T> type) {
            return peer.next(type);
        }

        long id() {
            return session.id();
        }
    }
}
