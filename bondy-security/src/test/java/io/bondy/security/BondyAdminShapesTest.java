package io.bondy.security;

import static io.bondy.security.SecureRouter.MASTER;
import static io.bondy.security.SecureRouter.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bondy's argument and result shapes of the admin procedures (its {@code bondy_rbac_api},
 * {@code validate_call_args}) and of its {@code security_config.json} examples, through real sessions.
 */
@Timeout(30)
class BondyAdminShapesTest {

    private final SecureRouter r = new SecureRouter();

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void theRealmArgumentMayBeLeftOutAndMeansTheCallersRealm() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.grant("alice", List.of("wamp.call"), "bondy.user.", "prefix");
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.1");

        List<Map<String, Object>> users = (List<Map<String, Object>>) alice.callOk("bondy.user.list");
        assertThat(users).extracting(u -> u.get("username")).containsExactly("alice");
        assertThat((Map<String, Object>) alice.callOk("bondy.user.get", "alice")).containsEntry("username", "alice");
        assertThat((Map<String, Object>) alice.callOk("bondy.user.get", REALM, "alice"))
                .containsEntry("username", "alice");
        assertThat((List<Map<String, Object>>) r.admin.callOk("bondy.user.list"))
                .extracting(u -> u.get("username")).containsExactly("admin");

        assertThat(alice.callError("bondy.user.get", MASTER, "admin")).as("another realm")
                .isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(alice.callError("bondy.user.get", REALM, "alice", "extra")).as("too many")
                .isEqualTo(WampErrors.INVALID_ARGUMENT);
        assertThat(alice.callError("bondy.user.change_password")).as("too few")
                .isEqualTo(WampErrors.INVALID_ARGUMENT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void grantsTakeBondysSingleResourceFormAndComeBackWithItsResourceKey() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.admin.callOk("bondy.grant.create", REALM, Map.of("permissions", List.of("wamp.call"),
                "uri", "com.example.add", "roles", List.of("alice")));
        r.admin.callOk("bondy.grant.create", REALM, Map.of("permissions", List.of("wamp.subscribe"),
                "uri", "", "match", "prefix", "roles", "all"));
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.1");

        assertThat(alice.callError("com.example.add")).as("exact, derived").isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
        assertThat(alice.callError("com.example.add.more")).isEqualTo(WampErrors.NOT_AUTHORIZED);
        List<Map<String, Object>> mine = (List<Map<String, Object>>) r.admin.callOk("bondy.user.grants", REALM, "alice");
        assertThat(mine).singleElement().satisfies(g -> assertThat(g)
                .containsEntry("resource", Map.of("uri", "com.example.add", "match", "exact"))
                .containsEntry("permissions", List.of("wamp.call")));
        List<Map<String, Object>> all = (List<Map<String, Object>>) r.admin.callOk("bondy.realm.grants", REALM);
        assertThat(all).anySatisfy(g -> assertThat(g).containsEntry("roles", List.of("all"))
                .containsEntry("resource", Map.of("uri", "", "match", "prefix")));
        assertThat(r.admin.callError("bondy.grant.create", REALM, Map.of("permissions", List.of("wamp.call"),
                "uri", "", "match", "exact", "roles", "all"))).isEqualTo("bondy.error.inconsistency_error");
    }

    @Test
    @SuppressWarnings("unchecked")
    void sourceAddAnswersOneSourceObjectAsBondyDoes() {
        r.admin.callOk("bondy.user.add", REALM, Map.of("username", "alice", "password", "alice-password"));
        r.admin.callOk("bondy.user.add", REALM, Map.of("username", "bob", "password", "bob-password"));

        Map<String, Object> source = (Map<String, Object>) r.admin.callOk("bondy.source.add", REALM,
                Map.of("usernames", List.of("alice", "bob"), "authmethod", "wampcra", "cidr", "10.0.0.0/8"));

        assertThat(source).containsEntry("type", "source").containsEntry("usernames", List.of("alice", "bob"))
                .containsEntry("authmethod", "wampcra").containsEntry("cidr", "10.0.0.0/8")
                .containsEntry("meta", Map.of());
        assertThat(Cra.join(r, REALM, "bob", "bob-password", "10.1.2.3")).isNotNull();
        assertThat((List<Map<String, Object>>) r.admin.callOk("bondy.source.get", REALM, "bob", "10.1.2.3"))
                .singleElement().satisfies(s -> assertThat(s).containsEntry("usernames", List.of("bob")));
        assertThat((List<Object>) r.admin.callOk("bondy.source.match", REALM, "bob", "192.168.0.1")).isEmpty();
    }

    @Test
    void rbacAuthorizeAnswersTrueOrFalseWithAMessage() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.grant("alice", List.of("wamp.call"), "bondy.rbac.authorize", "exact");
        r.grant("alice", List.of("wamp.subscribe"), "com.example.", "prefix");
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.1");

        assertThat(alice.callOk("bondy.rbac.authorize", "alice", "wamp.subscribe", "com.example.news")).isEqualTo(true);
        WampMessage no = alice.call("bondy.rbac.authorize", "alice", "wamp.publish", "com.example.news");
        assertThat(no).isInstanceOf(Result.class);
        Payload.Arguments p = (Payload.Arguments) ((Result) no).payload();
        assertThat(p.args()).containsExactly(false);
        assertThat((String) p.kwargsOrEmpty().get("message")).contains("wamp.publish").contains("com.example.news");
        assertThat(alice.callOk("bondy.rbac.authorize", "nobody", "wamp.call", "x.y")).isEqualTo(false);
        assertThat(alice.callError("bondy.rbac.authorize", "alice")).isEqualTo(WampErrors.INVALID_ARGUMENT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSecurityConfigInTheShapesOfBondysExamplesApplies() throws IOException {
        Path file = dir.resolve("security_config.json");
        Files.writeString(file, """
                [{
                  "uri": "com.example.shapes",
                  "description": "grants in both of Bondy's forms, an oauth2 section",
                  "authmethods": ["cryptosign", "wampcra", "anonymous", "oauth2", "password", "trust", "ticket"],
                  "security_enabled": true,
                  "users": [
                    {"username": "svc1", "password": "svc1-password", "groups": ["services"], "meta": {}},
                    {"username": "dev9", "comment": "a device, keys only",
                     "authorized_keys": ["AB66C9E6EC7D7B354FD7A2E4542753A23CAE0B901228305621E5B8713299CCDD"]}
                  ],
                  "groups": [{"name": "services", "groups": [], "meta": {}}, {"name": "owners"}],
                  "sources": [
                    {"usernames": "all", "authmethod": "wampcra", "cidr": "0.0.0.0/0", "meta": {}},
                    {"usernames": ["anonymous"], "authmethod": "anonymous", "cidr": "0.0.0.0/0"}
                  ],
                  "grants": [
                    {"permissions": ["wamp.subscribe", "wamp.call"], "uri": "", "match": "prefix",
                     "roles": ["anonymous"]},
                    {"permissions": ["wamp.register", "wamp.unregister"], "uri": "com.example.add",
                     "roles": ["services"]},
                    {"roles": ["services"], "permissions": ["wamp.call"],
                     "resources": [{"uri": "bondy.ticket.issue", "match": "exact"}]},
                    {"permissions": ["bondy.issue"], "resources": [{"uri": "bondy.ticket.scope.", "match": "prefix"}],
                     "roles": ["services"]}
                  ],
                  "oauth2": {
                    "clients": [{"client_id": "webapp", "client_secret": "webapp-secret", "description": "x",
                                 "groups": ["owners"]},
                                {"client_id": "broken", "client_secret": "broken-secret", "groups": ["no-such-group"]}],
                    "resource_owners": [{"username": "owner1", "password": "owner1-password", "groups": ["owners"],
                                         "meta": {"account_id": "1"}}]
                  }
                }]
                """);
        r.security.bootstrap(SecureRouter.ADMIN_PASSWORD, file);
        String realm = "com.example.shapes";

        SecureRouter.Client svc = Cra.join(r, realm, "svc1", "svc1-password", "10.0.0.1");
        Map<String, Object> issued = (Map<String, Object>) svc.callOk("bondy.ticket.issue");
        assertThat(issued).containsKeys("id", "expires_at", "issued_at", "scope", "ticket");
        WampMessage anon = r.connect("10.0.0.2").hello(SecureRouter.hello(realm, List.of("anonymous"), null, Map.of()));
        assertThat(anon).isInstanceOf(Welcome.class);
        assertThat(Cra.join(r, realm, "webapp", "webapp-secret", "10.0.0.3")).as("an oauth2 client is a user")
                .isNotNull();
        assertThat((Map<String, Object>) r.admin.callOk("bondy.user.get", realm, "owner1"))
                .containsEntry("groups", List.of("owners"));
        assertThat(r.admin.callError("bondy.user.get", realm, "broken")).as("skipped with a warning")
                .isEqualTo("bondy.error.not_found");
        assertThat((Map<String, Object>) r.admin.callOk("bondy.user.get", realm, "dev9"))
                .containsEntry("has_authorized_keys", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void userAndGroupMembershipProceduresTakeANameAListOrAll() {
        for (String g : List.of("g1", "g2")) {
            assertThat((Map<String, Object>) r.admin.callOk("bondy.group.add", REALM, Map.of("name", g)))
                    .containsEntry("name", g);
        }
        for (String u : List.of("bob", "carol")) {
            r.admin.callOk("bondy.user.add", REALM, Map.of("username", u, "password", u + "-password"));
        }

        assertThat(r.admin.callOk("bondy.user.add_group", REALM, List.of("bob", "carol"), "g1")).isNull();
        assertThat(groupsOf("bob")).containsExactly("g1");
        assertThat(groupsOf("carol")).containsExactly("g1");
        r.admin.callOk("bondy.user.add_groups", REALM, "bob", List.of("g2"));
        r.admin.callOk("bondy.user.remove_groups", REALM, "all", List.of("g1"));
        assertThat(groupsOf("bob")).containsExactly("g2");
        assertThat(groupsOf("carol")).isEmpty();
        r.admin.callOk("bondy.user.remove_group", REALM, "bob", "g2");
        assertThat(groupsOf("bob")).isEmpty();

        r.admin.callOk("bondy.group.add_group", REALM, List.of("g1"), "g2");
        assertThat((Map<String, Object>) r.admin.callOk("bondy.group.get", REALM, "g1"))
                .containsEntry("groups", List.of("g2"));
        r.admin.callOk("bondy.group.remove_groups", REALM, "all", List.of("g2"));
        assertThat((Map<String, Object>) r.admin.callOk("bondy.group.get", REALM, "g1"))
                .containsEntry("groups", List.of());
        assertThat((List<Object>) r.admin.callOk("bondy.group.list", REALM)).hasSize(2);
        assertThat((Map<String, Object>) r.admin.callOk("bondy.group.update", REALM, "g1",
                Map.of("meta", Map.of("k", "v")))).containsEntry("meta", Map.of("k", "v"));

        r.admin.callOk("bondy.user.add_alias", REALM, "bob", "bobby");
        assertThat((Map<String, Object>) r.admin.callOk("bondy.user.get", REALM, "bob"))
                .containsEntry("aliases", List.of("bobby"));
        r.admin.callOk("bondy.user.remove_alias", REALM, "bob", "bobby");
        r.admin.callOk("bondy.user.disable", REALM, "bob");
        assertThat(r.admin.callOk("bondy.user.is_enabled", REALM, "bob")).isEqualTo(false);
        r.admin.callOk("bondy.user.enable", REALM, "bob");
        assertThat(r.admin.callOk("bondy.user.is_enabled", REALM, "bob")).isEqualTo(true);
        assertThat(r.admin.callError("bondy.group.get", REALM, "nope")).isEqualTo("bondy.error.not_found");
        r.admin.callOk("bondy.group.delete", REALM, "g2");
        assertThat(r.admin.callError("bondy.group.get", REALM, "g2")).isEqualTo("bondy.error.not_found");
    }

    @Test
    void realmDeleteTakesBondysForceKwarg() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", "com.example.doomed",
                "users", List.of(Map.of("username", "u1", "password", "u1-password"))));
        assertThat(r.admin.callError("bondy.realm.delete", "com.example.doomed")).isEqualTo("bondy.error.active_users");

        r.admin.send(new io.bondy.core.message.Call(77_001, Map.of(), "bondy.realm.delete",
                Payload.of(List.of("com.example.doomed"), Map.of("force", true))));

        assertThat(r.admin.next()).isInstanceOf(Result.class);
        assertThat(r.router.realm("com.example.doomed")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<String> groupsOf(String user) {
        return (List<String>) ((Map<String, Object>) r.admin.callOk("bondy.user.get", REALM, user)).get("groups");
    }
}
