package io.bondy.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.message.Welcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A security_config.json file applied at start, any number of times. */
@Timeout(30)
class ProvisioningTest {

    private static final String FILE = """
            [{
              "uri": "com.example.provisioned",
              "authmethods": ["wampcra", "anonymous"],
              "security_enabled": true,
              "groups": [{"name": "clients", "groups": ["everyone"]}, {"name": "everyone"}],
              "users": [{"username": "john", "password": "john-password", "groups": ["clients"]}],
              "sources": [
                {"usernames": ["john"], "authmethod": "wampcra", "cidr": "0.0.0.0/0"},
                {"usernames": ["anonymous"], "authmethod": "anonymous", "cidr": "127.0.0.0/8"}
              ],
              "grants": [
                {"roles": ["group/everyone"], "permissions": ["wamp.call"],
                 "resources": [{"uri": "com.example.", "match": "prefix"}]}
              ]
            }]
            """;

    @TempDir
    Path dir;

    @Test
    void aFileCreatesItsRealmUsersAndGrantsAndCanBeAppliedAgain() throws IOException {
        Path file = dir.resolve("security_config.json");
        Files.writeString(file, FILE);
        SecureRouter r = new SecureRouter();
        r.security.bootstrap(SecureRouter.ADMIN_PASSWORD, file);
        r.admin.callOk("bondy.user.change_password", "com.example.provisioned", "john", "changed-password");
        r.security.bootstrap(SecureRouter.ADMIN_PASSWORD, file);

        assertThat(r.router.realm("com.example.provisioned")).isPresent();
        SecureRouter.Client john = Cra.join(r, "com.example.provisioned", "john", "changed-password", "10.0.0.1");
        assertThat(john.callError("com.example.nothing")).isEqualTo("wamp.error.no_such_procedure");
        assertThat(john.callError("org.other.nothing")).isEqualTo("wamp.error.not_authorized");
        assertThat(r.connect("127.0.0.1").hello(SecureRouter.hello("com.example.provisioned", List.of("anonymous"),
                null, Map.of()))).isInstanceOf(Welcome.class);
    }

    /** Realms naming an SSO realm and a prototype listed before them, SSO users, Bondy-only methods. */
    private static final String SSO_FILE = """
            [{
              "uri": "com.example.shop", "authmethods": ["wampcra", "ticket", "oidcrp"], "sso_realm_uri": "com.example.id",
              "sources": [{"usernames": "all", "authmethod": "wampcra", "cidr": "0.0.0.0/0"},
                          {"usernames": "all", "authmethod": "cookie", "cidr": "0.0.0.0/0"}],
              "users": [{"username": "zoe", "password": "zoe-password", "sso_realm_uri": "com.example.id"}]
            }, {
              "uri": "com.example.blog", "prototype_uri": "com.example.base",
              "users": [{"username": "zoe", "password": "ignored-here", "groups": ["writers"],
                         "sso_realm_uri": "com.example.id"}]
            }, {
              "uri": "com.example.base", "is_prototype": true, "sso_realm_uri": "com.example.id",
              "authmethods": ["wampcra", "ticket"],
              "groups": [{"name": "writers"}],
              "sources": [{"usernames": "all", "authmethod": "wampcra", "cidr": "0.0.0.0/0"},
                          {"usernames": "all", "authmethod": "ticket", "cidr": "0.0.0.0/0"}],
              "grants": [{"roles": ["writers"], "permissions": ["wamp.call"], "uri": "bondy.ticket.issue"},
                         {"roles": ["writers"], "permissions": ["bondy.issue"],
                          "resources": [{"uri": "bondy.ticket.scope.sso", "match": "exact"}]}]
            }, {
              "uri": "com.example.id", "is_sso_realm": true, "allow_connections": false, "authmethods": ["wampcra"]
            }]
            """;

    @Test
    @SuppressWarnings("unchecked")
    void ssoRealmsPrototypesAndSsoUsersApplyWhateverTheOrderOfTheFile() throws IOException {
        Path file = dir.resolve("sso_config.json");
        Files.writeString(file, SSO_FILE);
        SecureRouter r = new SecureRouter();
        r.security.bootstrap(SecureRouter.ADMIN_PASSWORD, file);
        r.security.bootstrap(SecureRouter.ADMIN_PASSWORD, file);

        assertThat((Map<String, Object>) r.admin.callOk("bondy.realm.get", "com.example.shop"))
                .containsEntry("sso_realm_uri", "com.example.id").containsEntry("authmethods", List.of("wampcra", "ticket"));
        assertThat(Cra.join(r, "com.example.shop", "zoe", "zoe-password", "10.0.0.1")).isNotNull();
        SecureRouter.Client zoe = Cra.join(r, "com.example.blog", "zoe", "zoe-password", "10.0.0.2");
        Map<String, Object> issued = (Map<String, Object>) zoe.callOk("bondy.ticket.issue");
        assertThat((Map<String, Object>) issued.get("scope")).containsEntry("realm", null);
        SecureRouter.Client t = r.connect("10.0.0.3");
        SecureRouter.Client.challengeExtra(t.hello(SecureRouter.hello("com.example.blog", List.of("ticket"), "zoe",
                Map.of())), "ticket");
        assertThat(t.authenticate((String) issued.get("ticket"))).isInstanceOf(Welcome.class);
    }

    @Test
    void aBrokenFileStopsTheStartNamingTheProblem() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "[{\"uri\": \"com.example.bad\", \"users\": [{\"username\": \"all\"}]}]");
        SecureRouter r = new SecureRouter();
        assertThatThrownBy(() -> r.security.bootstrap(SecureRouter.ADMIN_PASSWORD, file))
                .hasMessageContaining("bad.json").hasMessageContaining("reserved");
    }
}
