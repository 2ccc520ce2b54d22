package io.bondy.security;

import static io.bondy.security.SecureRouter.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Welcome;
import io.bondy.core.message.WampMessage;
import io.bondy.security.authn.SecurityAuthenticator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code bondy.realm.*}: realms as data, prototypes, SSO, deletion, and who may do what. */
@Timeout(30)
class RealmAdminTest {

    private static final String APP = "com.example.app";
    private static final String PROTO = "com.example.proto";
    private static final String SSO = "com.example.sso";
    private static final Map<String, Object> ALL_FROM_ANYWHERE = Map.of("usernames", "all", "authmethod", "wampcra",
            "cidr", "0.0.0.0/0");
    private static final Map<String, Object> CALL_ANY = Map.of("roles", List.of("all"),
            "permissions", List.of("wamp.call"), "resources", List.of("any"));

    private final SecureRouter r = new SecureRouter();

    @Test
    @SuppressWarnings("unchecked")
    void aCreatedRealmIsStoredJoinableAndShownInBondysShape() {
        Map<String, Object> created = (Map<String, Object>) r.admin.callOk("bondy.realm.create", Map.of("uri", APP,
                "description", "an app", "authmethods", List.of("wampcra"),
                "users", List.of(Map.of("username", "alice", "password", "alice-password")),
                "sources", List.of(ALL_FROM_ANYWHERE), "grants", List.of(CALL_ANY)));

        assertThat(created).containsEntry("uri", APP).containsEntry("description", "an app")
                .containsEntry("authmethods", List.of("wampcra")).containsEntry("security_enabled", true)
                .containsEntry("security_status", "enabled").containsEntry("allow_connections", true)
                .containsEntry("is_prototype", false).containsEntry("is_sso_realm", false);
        assertThat(r.store.get("realm/" + APP)).isPresent();
        assertThat(Cra.join(r, APP, "alice", "alice-password", "10.0.0.1").callOk("bondy.ping")).isEqualTo("pong");
        assertThat((List<Map<String, Object>>) r.admin.callOk("bondy.realm.list"))
                .extracting(m -> m.get("uri")).contains(APP, MASTER, SecureRouter.REALM);
        assertThat(r.admin.callError("bondy.realm.create", Map.of("uri", APP))).isEqualTo("bondy.error.already_exists");
    }

    @Test
    void realmChangesAreAnnouncedInTheMasterRealm() {
        List<String> topics = List.of("bondy.realm.created", "bondy.realm.updated", "bondy.realm.deleted");
        long request = 900;
        for (String topic : topics) {
            r.admin.send(new io.bondy.core.message.Subscribe(request++, Map.of(), topic));
            r.admin.next(io.bondy.core.message.Subscribed.class);
        }
        List<WampMessage> got = new java.util.ArrayList<>();
        for (Object[] call : List.of(new Object[] {"bondy.realm.create", Map.of("uri", APP)},
                new Object[] {"bondy.realm.update", APP, Map.of("description", "x")},
                new Object[] {"bondy.realm.delete", APP})) {
            r.admin.send(new io.bondy.core.message.Call(request++, Map.of(), (String) call[0],
                    io.bondy.core.message.Payload.of(List.of(call).subList(1, call.length))));
            got.add(r.admin.next());
            got.add(r.admin.next());
        }

        assertThat(got).filteredOn(io.bondy.core.message.Event.class::isInstance).hasSize(3)
                .allSatisfy(e -> assertThat(((io.bondy.core.message.Payload.Arguments)
                        ((io.bondy.core.message.Event) e).payload()).args()).containsExactly(APP));
    }

    @Test
    void badRealmInputIsAnErrorNotACrash() {
        assertThat(r.admin.callError("bondy.realm.create", Map.of("description", "no uri")))
                .isEqualTo("bondy.error.missing_required_value");
        assertThat(r.admin.callError("bondy.realm.create", Map.of("uri", "Not A Uri")))
                .isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(r.admin.callError("bondy.realm.create", Map.of("uri", "com.x", "colour", "red")))
                .isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(r.admin.callError("bondy.realm.create", Map.of("uri", "com.x", "security_enabled", "yes")))
                .isEqualTo("bondy.error.invalid_datatype");
        assertThat(r.admin.callError("bondy.realm.create", Map.of("uri", "com.x", "prototype_uri", "com.none")))
                .isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(r.admin.callError("bondy.realm.create", "not a dict")).isEqualTo("bondy.error.invalid_datatype");
        assertThat(r.admin.callError("bondy.realm.get", "com.none")).isEqualTo(WampErrors.NO_SUCH_REALM);
        assertThat(r.store.get("realm/com.x")).isEmpty();
    }

    @Test
    void deletingARealmClosesItsSessionsAndRemovesItsData() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", APP, "authmethods", List.of("wampcra"),
                "users", List.of(Map.of("username", "alice", "password", "alice-password")),
                "sources", List.of(ALL_FROM_ANYWHERE)));
        SecureRouter.Client alice = Cra.join(r, APP, "alice", "alice-password", "10.0.0.1");
        assertThat(r.admin.callError("bondy.realm.delete", APP)).as("Bondy refuses a realm with users unless forced")
                .isEqualTo("bondy.error.active_users");

        r.admin.callOk("bondy.realm.delete", APP, Map.of("force", true));

        assertThat(alice.next(Goodbye.class).reason()).isEqualTo(WampErrors.CLOSE_REALM);
        assertThat(r.router.realm(APP)).isEmpty();
        assertThat(r.store.get("realm/" + APP)).isEmpty();
        List<String> left = new java.util.ArrayList<>();
        r.store.scan("security/" + APP + "/", e -> left.add(e.key()));
        assertThat(left).isEmpty();
        WampMessage again = r.connect("10.0.0.1").hello(SecureRouter.hello(APP, List.of("wampcra"), "alice", Map.of()));
        assertThat(SecureRouter.Client.abortReason(again)).isEqualTo(WampErrors.NO_SUCH_REALM);
    }

    @Test
    void onlyMasterRealmSessionsCreateListOrDeleteRealmsAndOthersSeeOnlyTheirOwn() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", APP, "authmethods", List.of("wampcra"),
                "users", List.of(Map.of("username", "alice", "password", "alice-password")),
                "sources", List.of(ALL_FROM_ANYWHERE), "grants", List.of(CALL_ANY)));
        SecureRouter.Client alice = Cra.join(r, APP, "alice", "alice-password", "10.0.0.1");

        assertThat(alice.callError("bondy.realm.create", Map.of("uri", "com.other")))
                .isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(alice.callError("bondy.realm.delete", APP)).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(alice.callError("bondy.realm.list")).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(alice.callError("bondy.realm.get", MASTER)).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(alice.callError("bondy.realm.update", SecureRouter.REALM, Map.of("description", "x")))
                .isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(alice.callOk("bondy.realm.get", APP)).isNotNull();
        assertThat(r.admin.callError("bondy.realm.delete", MASTER)).isEqualTo(WampErrors.NOT_AUTHORIZED);
    }

    @Test
    void aRealmInheritsFromItsPrototypeAndSeesItsChangesAtOnce() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", PROTO, "is_prototype", true,
                "authmethods", List.of("wampcra"), "groups", List.of(Map.of("name", "staff")),
                "sources", List.of(ALL_FROM_ANYWHERE)));
        r.admin.callOk("bondy.realm.create", Map.of("uri", APP, "prototype_uri", PROTO,
                "users", List.of(Map.of("username", "alice", "password", "alice-password", "groups", List.of("staff")))));
        SecureRouter.Client alice = Cra.join(r, APP, "alice", "alice-password", "10.0.0.1");
        assertThat(alice.callError("bondy.ping")).isEqualTo(WampErrors.NOT_AUTHORIZED);

        r.admin.callOk("bondy.grant.create", PROTO, Map.of("roles", List.of("staff"),
                "permissions", List.of("wamp.call"), "resources", List.of(Map.of("uri", "bondy.", "match", "prefix"))));
        assertThat(alice.callOk("bondy.ping")).isEqualTo("pong");

        r.admin.callOk("bondy.realm.update", PROTO, Map.of("allow_connections", false));
        WampMessage refused = r.connect("10.0.0.2").hello(SecureRouter.hello(APP, List.of("wampcra"), "alice", Map.of()));
        assertThat(SecureRouter.Client.abortReason(refused)).isEqualTo(SecurityAuthenticator.CONNECTIONS_NOT_ALLOWED);

        r.admin.callOk("bondy.realm.update", APP, Map.of("allow_connections", true));
        assertThat(Cra.join(r, APP, "alice", "alice-password", "10.0.0.3")).isNotNull();
        WampMessage toPrototype = r.connect("10.0.0.4").hello(SecureRouter.hello(PROTO, List.of("wampcra"), "alice",
                Map.of()));
        assertThat(SecureRouter.Client.abortReason(toPrototype)).isEqualTo(WampErrors.NO_SUCH_REALM);
        assertThat(r.admin.callError("bondy.realm.delete", PROTO)).isEqualTo(WampErrors.INVALID_ARGUMENT);
    }

    @Test
    void ssoUsersSignOnWithTheSameCredentialsButPermissionsStayPerRealm() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", SSO, "is_sso_realm", true, "allow_connections", false,
                "users", List.of(Map.of("username", "bob", "password", "bob-password"))));
        for (String app : List.of("com.example.one", "com.example.two")) {
            r.admin.callOk("bondy.realm.create", Map.of("uri", app, "sso_realm_uri", SSO,
                    "authmethods", List.of("wampcra"), "sources", List.of(ALL_FROM_ANYWHERE)));
        }
        SecureRouter.Client unlinked = r.connect("10.0.0.9");
        Map<String, Object> extra = SecureRouter.Client.challengeExtra(unlinked.hello(SecureRouter.hello(
                "com.example.one", List.of("wampcra"), "bob", Map.of())), "wampcra");
        assertThat(SecureRouter.Client.abortReason(unlinked.authenticate(Cra.sign("bob-password", extra))))
                .as("as in Bondy, an SSO user needs a local record linking it to the realm")
                .isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        for (String app : List.of("com.example.one", "com.example.two")) {
            r.admin.callOk("bondy.user.add", app, Map.of("username", "bob", "sso_realm_uri", SSO));
        }
        r.admin.callOk("bondy.grant.create", "com.example.one", CALL_ANY);

        SecureRouter.Client one = Cra.join(r, "com.example.one", "bob", "bob-password", "10.0.0.1");
        SecureRouter.Client two = Cra.join(r, "com.example.two", "bob", "bob-password", "10.0.0.1");

        assertThat(one.callOk("bondy.ping")).isEqualTo("pong");
        assertThat(two.callError("bondy.ping")).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(r.admin.callError("bondy.realm.create", Map.of("uri", "com.x", "sso_realm_uri", APP)))
                .isEqualTo(WampErrors.INVALID_ARGUMENT);
    }

    @Test
    void securityCanBeSwitchedAndQueried() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", APP));
        assertThat(r.admin.callOk("bondy.realm.security.is_enabled", APP)).isEqualTo(true);
        r.admin.callOk("bondy.realm.security.disable", APP);
        assertThat(r.admin.callOk("bondy.realm.security.status", APP)).isEqualTo("disabled");
        r.admin.callOk("bondy.realm.update", APP, Map.of("security_enabled", true));
        assertThat(r.admin.callOk("bondy.realm.security.is_enabled", APP)).isEqualTo(true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSettingUpdatedToNullIsInheritedFromThePrototypeAgain() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", PROTO, "is_prototype", true,
                "authmethods", List.of("wampcra")));
        r.admin.callOk("bondy.realm.create", Map.of("uri", APP, "prototype_uri", PROTO,
                "authmethods", List.of("ticket")));
        java.util.Map<String, Object> clear = new java.util.HashMap<>();
        clear.put("authmethods", null);

        Map<String, Object> updated = (Map<String, Object>) r.admin.callOk("bondy.realm.update", APP, clear);

        assertThat(updated).containsEntry("authmethods", List.of("wampcra"));
    }

    @Test
    void realmsCreatedThroughTheApiComeBackFromTheStore() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", APP, "authmethods", List.of("wampcra"),
                "users", List.of(Map.of("username", "alice", "password", "alice-password")),
                "sources", List.of(ALL_FROM_ANYWHERE)));
        SecureRouter again = new SecureRouter(r.store);

        assertThat(again.router.realm(APP)).isEmpty();
        assertThat(again.security.realms().restore()).isEqualTo(1);
        assertThat(Cra.join(again, APP, "alice", "alice-password", "10.0.0.1")).isNotNull();
    }

    @Test
    void helloToAnUnknownRealmCreatesItWhenAllowed() {
        r.router.setUnknownRealmHandler(r.security.realms()::createOnHello);
        WampMessage m = r.connect("10.0.0.1").hello(SecureRouter.hello("com.example.auto", List.of("anonymous"), null,
                Map.of()));

        assertThat(m).isNotInstanceOf(Welcome.class); // default settings: security on, no source for anonymous
        assertThat(r.router.realm("com.example.auto")).isPresent();
        assertThat(r.store.get("realm/com.example.auto")).isPresent();
    }
}
