package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Hello;
import io.bondy.core.message.Welcome;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.testing.ManualScheduler;
import io.bondy.core.testing.RecordingPeer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A development router and helpers to join sessions to it through in-memory peers. */
final class RouterFixture {

    /** What an Advanced Profile client (autobahn) announces as caller and callee. */
    static final List<String> ADVANCED_RPC = List.of("call_canceling", "progressive_call_results",
            "progressive_call_invocations", "caller_identification", "call_timeout");

    final ManualScheduler scheduler = new ManualScheduler();
    final Router router;

    RouterFixture() {
        this(RpcSettings.DEFAULTS);
    }

    /** A router whose realm {@code realm1} has these RPC settings, with timers on {@link #scheduler}. */
    RouterFixture(RpcSettings rpc) {
        RealmConfig realm = new RealmConfig("realm1", "test", List.of("anonymous"), false, rpc, null);
        RouterConfig config = new RouterConfig(List.of(realm), RouterConfig.development().uriValidation(), "test");
        router = new Router(config, new AnonymousAuthenticator(), Authorizer.ALLOW_ALL, RouterMetrics.NOOP, scheduler);
    }

    /** A basic-profile client: it announces roles but no features. */
    Client join() {
        return join("realm1", List.of());
    }

    Client join(String realm) {
        return join(realm, List.of());
    }

    /** A client announcing {@code features} for its caller and callee roles. */
    Client join(List<String> features) {
        return join("realm1", features);
    }

    Client join(String realm, List<String> features) {
        Map<String, Object> flags = new LinkedHashMap<>();
        features.forEach(f -> flags.put(f, true));
        RecordingPeer peer = new RecordingPeer();
        WampSession session = router.open(peer);
        session.receive(new Hello(realm, Map.of("roles", Map.of(
                "caller", Map.of("features", flags), "callee", Map.of("features", flags),
                "publisher", Map.of(), "subscriber", Map.of()))));
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

        long id() {
            return session.id();
        }
    }
}
