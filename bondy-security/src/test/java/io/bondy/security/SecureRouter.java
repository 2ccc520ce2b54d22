package io.bondy.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Abort;
import io.bondy.core.message.Authenticate;
import io.bondy.core.message.Call;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.Error;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.router.Router;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.TransportInfo;
import io.bondy.core.store.MemoryStore;
import io.bondy.core.testing.RecordingPeer;
import io.bondy.core.uri.UriValidator;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A router with the security module on a {@link MemoryStore}: realm {@value #REALM} (security on,
 * every auth method), the master realm with its admin, and helpers to join and call as a client
 * from a chosen address.
 */
final class SecureRouter {

    static final String REALM = "com.example.test";
    static final String MASTER = SecuritySettings.MASTER_REALM;
    /** The development realm's shape: anonymous clients, security disabled. */
    static final String OPEN_REALM = "realm1";
    static final String ADMIN_PASSWORD = "admin-secret-1";
    static final List<String> METHODS = List.of("anonymous", "trust", "wampcra", "ticket", "cryptosign",
            "wamp-scram", "oauth2");

    final MemoryStore store;
    final SecurityModule security;
    final Router router;
    final Client admin;

    /** Defaults with cheap password hashing, so tests stay fast. */
    static final SecuritySettings SETTINGS = new SecuritySettings(MASTER, "test@127.0.0.1",
            new io.bondy.security.model.PasswordPolicy(1000, 1, 64, 6), java.time.Duration.ofHours(1),
            java.time.Duration.ofDays(1), io.bondy.security.authn.ThrottleSettings.OFF);

    SecureRouter() {
        this(SETTINGS, Clock.systemUTC());
    }

    /** A second router (a restart) on the same store. */
    SecureRouter(MemoryStore store) {
        this(store, SETTINGS, Clock.systemUTC());
    }

    SecureRouter(SecuritySettings settings, Clock clock) {
        this(new MemoryStore("test"), settings, clock);
    }

    private SecureRouter(MemoryStore store, SecuritySettings settings, Clock clock) {
        this.store = store;
        security = new SecurityModule(store, settings, clock);
        router = new Router(new RouterConfig(List.of(new RealmConfig(REALM, "test", METHODS, true),
                new RealmConfig(OPEN_REALM, "anonymous, security disabled", List.of("anonymous"), false),
                security.masterRealmConfig()), UriValidator.LOOSE, "test"), security.authenticator(),
                security.authorizer(), RouterMetrics.NOOP);
        security.attach(router);
        security.bootstrap(ADMIN_PASSWORD, null);
        admin = Cra.join(this, MASTER, "admin", ADMIN_PASSWORD, "127.0.0.1");
    }

    /** A connected, not yet joined client from {@code ip}. */
    Client connect(String ip) {
        RecordingPeer peer = new RecordingPeer(new TransportInfo("websocket", SerializerKind.JSON,
                new InetSocketAddress(ip, 40000)));
        return new Client(router.open(peer), peer);
    }

    /** HELLO with {@code authmethods}, {@code authid} (may be null) and {@code authextra}. */
    static Hello hello(String realm, List<String> methods, String authid, Map<String, Object> authextra) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("roles", Map.of("caller", Map.of(), "callee", Map.of(), "publisher", Map.of(), "subscriber", Map.of()));
        d.put("authmethods", methods);
        if (authid != null) {
            d.put("authid", authid);
        }
        if (!authextra.isEmpty()) {
            d.put("authextra", authextra);
        }
        return new Hello(realm, d);
    }

    /** Adds a user to {@link #REALM} through the admin API, with a source for {@code method} from anywhere. */
    void addUser(String username, String password, String method, List<String> groups) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        if (password != null) {
            user.put("password", password);
        }
        user.put("groups", groups);
        admin.callOk("bondy.user.add", REALM, user);
        addSource(username, method, "0.0.0.0/0");
    }

    void addSource(String username, String method, String cidr) {
        admin.callOk("bondy.source.add", REALM, Map.of("usernames", List.of(username), "authmethod", method, "cidr", cidr));
    }

    void grant(String role, List<String> permissions, String uri, String match) {
        admin.callOk("bondy.grant.create", REALM, Map.of("roles", List.of(role), "permissions", permissions,
                "resources", List.of(Map.of("uri", uri, "match", match))));
    }

    void revoke(String role, List<String> permissions, String uri, String match) {
        admin.callOk("bondy.grant.revoke", REALM, Map.of("roles", List.of(role), "permissions", permissions,
                "resources", List.of(Map.of("uri", uri, "match", match))));
    }

    /** A WAMP client on an in-memory peer. */
    record Client(WampSession session, RecordingPeer peer) {

        private static final AtomicLong IDS = new AtomicLong();

        void send(WampMessage m) {
            session.receive(m);
        }

        <T extends WampMessage> T next(Class<T> type) {
            return peer.next(type);
        }

        WampMessage next() {
            return peer.next();
        }

        /** Sends HELLO and returns the router's first answer (WELCOME, CHALLENGE or ABORT). */
        WampMessage hello(Hello hello) {
            send(hello);
            return next();
        }

        WampMessage authenticate(String signature) {
            send(new Authenticate(signature, Map.of()));
            return next();
        }

        /** Calls and returns RESULT or ERROR. */
        WampMessage call(String procedure, Object... args) {
            send(new Call(IDS.incrementAndGet(), Map.of(), procedure, Payload.of(List.of(args))));
            WampMessage m = next();
            assertThat(m).isInstanceOfAny(Result.class, Error.class);
            return m;
        }

        /** Calls and expects RESULT; returns its first argument (or null). */
        Object callOk(String procedure, Object... args) {
            WampMessage m = call(procedure, args);
            assertThat(m).as("%s(%s)", procedure, List.of(args)).isInstanceOf(Result.class);
            List<Object> out = ((Payload.Arguments) ((Result) m).payload()).argsOrEmpty();
            return out.isEmpty() ? null : out.get(0);
        }

        /** Calls and expects ERROR; returns its URI. */
        String callError(String procedure, Object... args) {
            WampMessage m = call(procedure, args);
            assertThat(m).as("%s(%s)", procedure, List.of(args)).isInstanceOf(Error.class);
            return ((Error) m).error();
        }

        static boolean isWelcome(WampMessage m) {
            return m instanceof Welcome;
        }

        static String abortReason(WampMessage m) {
            assertThat(m).isInstanceOf(Abort.class);
            return ((Abort) m).reason();
        }

        static Map<String, Object> challengeExtra(WampMessage m, String method) {
            assertThat(m).isInstanceOf(Challenge.class);
            assertThat(((Challenge) m).authMethod()).isEqualTo(method);
            return ((Challenge) m).extra();
        }
    }
}
