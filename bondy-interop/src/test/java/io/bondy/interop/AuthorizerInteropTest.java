package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A realm's dynamic authorizer through autobahn-python ({@code authorizer_client.py}): one client
 * registers the authorizer procedure, another's CALL, SUBSCRIBE and PUBLISH are allowed or denied by
 * its answers over real WebSocket connections, a cached answer is reused, a slow authorizer denies.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthorizerInteropTest {

    static final String ADMIN_PASSWORD = "authz-admin-" + ProcessHandle.current().pid();
    static final Map<String, String> ENV = Map.of("BONDY_ADMIN_PASSWORD", ADMIN_PASSWORD,
            "BONDY_SECURITY_THROTTLE_MAX_FAILURES", "0", "BONDY_SECURITY_PASSWORD_CRA_ITERATIONS", "1000",
            "BONDY_SECURITY_THROTTLE_AUTHID_MAX_FAILURES", "0");

    @BeforeAll
    static void requireClients() {
        InteropSupport.Probe py = InteropSupport.probe(List.of(PythonAutobahnInteropTest.PYTHON, "-c",
                "import autobahn; print('ok')"), null);
        if (!py.ok()) {
            fail("autobahn-python is needed (" + py.output() + "). " + InteropSupport.INSTALL_HINT);
        }
    }

    @Test
    void theAuthorizerDecidesCallsSubscriptionsAndPublicationsOfAnotherClient() {
        try (BondyProcess server = BondyProcess.start("authorizer", ENV)) {
            Path script = InteropSupport.testDir().resolve("python").resolve("authorizer_client.py");
            InteropSupport.ClientRun run = InteropSupport.run(List.of(PythonAutobahnInteropTest.PYTHON,
                    script.toString(), server.webSocketUrl(), ADMIN_PASSWORD), script.getParent(),
                    "python-authorizer.log");
            assertThat(run.succeeded()).as("autobahn-python authorizer scenario failed:%n%s%nserver:%n%s",
                    run.describe(), server.outputTail(6000)).isTrue();
            assertThat(run.output()).contains("PASSED");
            assertThat(server.output()).as("the timed-out question is logged with its reason")
                    .contains("the authorizer failed");
        }
    }
}
