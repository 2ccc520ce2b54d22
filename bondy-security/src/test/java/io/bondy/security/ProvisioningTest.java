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

    @Test
    void aBrokenFileStopsTheStartNamingTheProblem() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "[{\"uri\": \"com.example.bad\", \"users\": [{\"username\": \"all\"}]}]");
        SecureRouter r = new SecureRouter();
        assertThatThrownBy(() -> r.security.bootstrap(SecureRouter.ADMIN_PASSWORD, file))
                .hasMessageContaining("bad.json").hasMessageContaining("reserved");
    }
}
