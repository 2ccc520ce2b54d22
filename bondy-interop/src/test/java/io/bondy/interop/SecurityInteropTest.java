package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Authentication and RBAC through third-party clients: autobahn-python ({@code security_client.py}: every
 * auth method with good and bad credentials, disabled users, wrong networks, expired and revoked tickets,
 * and a generated role x permission x match matrix of grants checked allow/deny on live sessions) and
 * autobahn-js ({@code security_client.js}: wampcra, ticket, cryptosign). The server starts with a
 * provisioning file (security_config.json shape) and an admin password from the environment.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecurityInteropTest {

    static final String ADMIN_PASSWORD = "interop-admin-" + ProcessHandle.current().pid();

    static final String PROVISIONING = """
            [{
              "uri": "com.example.secure",
              "description": "security interop realm",
              "authmethods": ["anonymous", "trust", "wampcra", "ticket", "cryptosign", "wamp-scram"],
              "security_enabled": true,
              "groups": [{"name": "clients"}, {"name": "matrixgroup"}],
              "users": [
                {"username": "alice", "password": "alice-password", "groups": ["clients"]},
                {"username": "dormant", "password": "dormant-password", "enabled": false},
                {"username": "remote", "password": "remote-password"},
                {"username": "svc"},
                {"username": "matrix", "password": "matrix-password", "groups": ["matrixgroup"]}
              ],
              "sources": [
                {"usernames": ["alice", "matrix"], "authmethod": "password", "cidr": "127.0.0.0/8"},
                {"usernames": ["alice"], "authmethod": "ticket", "cidr": "127.0.0.0/8"},
                {"usernames": ["dormant"], "authmethod": "wampcra", "cidr": "0.0.0.0/0"},
                {"usernames": ["remote"], "authmethod": "wampcra", "cidr": "10.0.0.0/8"},
                {"usernames": ["svc"], "authmethod": "trust", "cidr": "127.0.0.0/8"},
                {"usernames": ["anonymous"], "authmethod": "anonymous", "cidr": "127.0.0.0/8"}
              ],
              "grants": [
                {"roles": ["group/clients"], "permissions": ["wamp.call"],
                 "resources": [{"uri": "bondy.ticket.", "match": "prefix"}]},
                {"roles": ["group/clients"], "permissions": ["bondy.issue"],
                 "resources": [{"uri": "bondy.ticket.scope.local", "match": "exact"}]}
              ]
            }]
            """;

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("security", () -> Map.of(
            "BONDY_ADMIN_PASSWORD", ADMIN_PASSWORD,
            "BONDY_SECURITY_CONFIG_FILE", provisioningFile().toString(),
            "BONDY_SECURITY_THROTTLE_MAX_FAILURES", "0",
            "BONDY_SECURITY_THROTTLE_AUTHID_MAX_FAILURES", "0",
            "BONDY_SECURITY_PASSWORD_CRA_ITERATIONS", "1000",
            "BONDY_SECURITY_PASSWORD_SCRAM_MEMORY_KIB", "1024"));

    static Path provisioningFile() {
        try {
            Path file = InteropSupport.logDir().resolve("security_config.json");
            Files.writeString(file, PROVISIONING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void requireClients() {
        InteropSupport.Probe py = InteropSupport.probe(List.of(PythonAutobahnInteropTest.PYTHON, "-c",
                "import autobahn, nacl, argon2, passlib; print('ok')"), null);
        if (!py.ok()) {
            fail("autobahn-python with python3-nacl and python3-argon2 is needed (" + py.output() + "). "
                    + InteropSupport.INSTALL_HINT);
        }
    }

    private static void runPython(String part) {
        Path script = InteropSupport.testDir().resolve("python").resolve("security_client.py");
        InteropSupport.ClientRun run = InteropSupport.run(List.of(PythonAutobahnInteropTest.PYTHON, script.toString(),
                BONDY.server().webSocketUrl(), ADMIN_PASSWORD, part), script.getParent(), "python-security-" + part + ".log");
        assertThat(run.succeeded()).as("autobahn-python security part %s failed:%n%s", part, run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED");
    }

    @Test
    void everyAuthMethodWithGoodAndBadCredentialsThroughAutobahnPython() {
        runPython("auth");
    }

    @Test
    void generatedGrantMatrixAllowsAndDeniesThroughAutobahnPython() {
        runPython("matrix");
    }

    @Test
    void wampcraTicketAndCryptosignThroughAutobahnJs() {
        Path dir = InteropSupport.testDir().resolve("js");
        InteropSupport.ClientRun run = InteropSupport.run(List.of(AutobahnJsInteropTest.NODE, "security_client.js",
                BONDY.server().webSocketUrl(), ADMIN_PASSWORD), dir, "js-security.log");
        assertThat(run.succeeded()).as("autobahn-js security scenario failed:%n%s", run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED");
    }
}
