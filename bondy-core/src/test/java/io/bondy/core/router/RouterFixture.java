package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.config.AuthorizerSettings;
import io.bondy.core.config.PubSubSettings;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Welcome;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.core.spi.Authenticator;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.testing.ManualScheduler;
import io.bondy.core.testing.RecordingPeer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A router with one realm {@code realm1} and helpers to join sessions to it through in-memory peers. */
public final class RouterFixture {

    /** What an Advanced Profile client (autobahn) announces as caller and callee. */
    static final List<String> ADVANCED_RPC = List.of("call_canceling", "progressive_call_results",
            "progressive_call_invocations", "caller_identification", "call_timeout");

    /** Timers of the router (call timeouts) run when a test advances this clock. */
    final ManualScheduler scheduler = new ManualScheduler();
    final Router router;

    public RouterFixture() {
        this(RpcSettings.DEFAULTS);
    }

    /** A router whose realm {@code realm1} has these RPC settings. */
    public RouterFixture(RpcSettings rpc) {
        this(rpc, PubSubSettings.DEFAULTS, new AnonymousAuthenticator(), RouterMetrics.NOOP);
    }

    /** A router whose realm {@code realm1} has these RPC settings, counting in {@code metrics}. */
    public RouterFixture(RpcSettings rpc, RouterMetrics metrics) {
        this(rpc, PubSubSettings.DEFAULTS, new AnonymousAuthenticator(), metrics);
    }

    /**
     * A router whose {@code realm1} has these PubSub settings, where a client may name its own
     * {@code authid} and {@code authrole} in HELLO (for black/white listing and trust level tests).
     */
    public RouterFixture(PubSubSettings pubsub, RouterMetrics metrics) {
        this(RpcSettings.DEFAULTS, pubsub, RouterFixture::selfNamed, metrics);
    }

    public RouterFixture(PubSubSettings pubsub) {
        this(pubsub, RouterMetrics.NOOP);
    }

    private RouterFixture(RpcSettings rpc, PubSubSettings pubsub, Authenticator authenticator, RouterMetrics metrics) {
        this(new RealmConfig("realm1", "test realm", List.of("anonymous"), false, rpc, pubsub), authenticator,
                Authorizer.ALLOW_ALL, metrics);
    }

    /**
     * A router whose {@code realm1} has a dynamic authorizer and, when {@code rbac} is not null,
     * security enabled with {@code rbac} as the static authorizer. Clients name their own authid.
     */
    public RouterFixture(AuthorizerSettings authorizer, Authorizer rbac) {
        this(new RealmConfig("realm1", "test realm", List.of("anonymous"), rbac != null, RpcSettings.DEFAULTS,
                PubSubSettings.DEFAULTS, authorizer), RouterFixture::selfNamed,
                rbac == null ? Authorizer.ALLOW_ALL : rbac, RouterMetrics.NOOP);
    }

    /** A router with these limits (URIs, registrations and subscriptions per session). */
    public RouterFixture(io.bondy.core.config.RoutingLimits limits) {
        this(new RealmConfig("realm1", "test realm", List.of("anonymous"), false), new AnonymousAuthenticator(),
                Authorizer.ALLOW_ALL, RouterMetrics.NOOP, limits);
    }

    private RouterFixture(RealmConfig realm, Authenticator authenticator, Authorizer authorizer, RouterMetrics metrics) {
        this(realm, authenticator, authorizer, metrics, io.bondy.core.config.RoutingLimits.DEFAULTS);
    }

    private RouterFixture(RealmConfig realm, Authenticator authenticator, Authorizer authorizer, RouterMetrics metrics,
                          io.bondy.core.config.RoutingLimits limits) {
        RouterConfig config = new RouterConfig(List.of(realm), RouterConfig.development().uriValidation(), "bondy-test",
                limits);
        router = new Router(config, authenticator, authorizer, metrics, scheduler);
    }

    /** A basic-profile client: it announces roles but no features. */
    public Client join() {
        return join("realm1", List.of());
    }

    public Client join(String realm) {
        return join(realm, List.of());
    }

    /** A client announcing {@code features} for its caller and callee roles. */
    public Client join(List<String> features) {
        return join("realm1", features);
    }

    public Client join(String realm, List<String> features) {
        return join(realm, new RecordingPeer(), new RecordingPeer(), Map.of(), features);
    }

    /** Joins realm1 as {@code authid} / {@code authrole} (with the PubSub-settings constructor). */
    public Client joinAs(String authid, String authrole) {
        return join("realm1", new RecordingPeer(), new RecordingPeer(),
                Map.of("authid", authid, "authrole", authrole), List.of());
    }

    /** Joins realm1 over {@code transport}, whose received messages {@code peer} records. */
    public Client join(Peer transport, RecordingPeer peer) {
        return join("realm1", transport, peer, Map.of(), List.of());
    }

    /** Joins realm1 over {@code transport} announcing {@code features}; {@code peer} records what arrives. */
    public Client join(Peer transport, RecordingPeer peer, List<String> features) {
        return join("realm1", transport, peer, Map.of(), features);
    }

    private Client join(String realm, Peer transport, RecordingPeer peer, Map<String, Object> identity,
                        List<String> features) {
        RecordingPeer recorder = transport instanceof RecordingPeer r ? r : peer;
        WampSession session = router.open(transport);
        Map<String, Object> flags = new LinkedHashMap<>();
        features.forEach(f -> flags.put(f, true));
        Map<String, Object> details = new LinkedHashMap<>(identity);
        details.put("roles", Map.of("caller", Map.of("features", flags), "callee", Map.of("features", flags),
                "publisher", Map.of(), "subscriber", Map.of()));
        session.receive(new Hello(realm, details));
        Welcome welcome = recorder.next(Welcome.class);
        assertThat(welcome.session()).isEqualTo(session.id());
        return new Client(session, recorder);
    }

    private static AuthOutcome selfNamed(io.bondy.core.spi.AuthRequest request) {
        Map<String, Object> d = request.hello().details();
        String authid = d.get("authid") instanceof String s ? s : "anon-" + request.sessionId();
        String authrole = d.get("authrole") instanceof String s ? s : "anonymous";
        return new AuthOutcome.Granted(new AuthIdentity(authid, authrole, "anonymous", "test", Map.of()));
    }

    public record Client(WampSession session, RecordingPeer peer) {

        public void send(io.bondy.core.message.WampMessage m) {
            session.receive(m);
        }

        public <T extends io.bondy.core.message.WampMessage> T next(Class<T> type) {
            return peer.next(type);
        }

        public long id() {
            return session.id();
        }
    }
}
