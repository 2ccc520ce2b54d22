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
 * The OAuth2 token endpoint with third-party clients ({@code oauth2_client.py}): Python's HTTP client
 * gets tokens from {@code /oauth/token} on the WebSocket port, autobahn-python joins with
 * {@code oauth2}; refresh, revocation and RFC 6749 errors.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OAuth2InteropTest {

    static final String ADMIN_PASSWORD = "oauth2-admin-" + ProcessHandle.current().pid();
    static final Map<String, String> ENV = Map.of("BONDY_ADMIN_PASSWORD", ADMIN_PASSWORD,
            "BONDY_SECURITY_THROTTLE_MAX_FAILURES", "0", "BONDY_SECURITY_PASSWORD_CRA_ITERATIONS", "1000",
            "BONDY_SECURITY_THROTTLE_AUTHID_MAX_FAILURES", "0",
            "BONDY_API_GATEWAY_OAUTH2_REALM", "com.example.oauth");

    @BeforeAll
    static void requireClients() {
        InteropSupport.Probe py = InteropSupport.probe(List.of(PythonAutobahnInteropTest.PYTHON, "-c",
                "import autobahn; print('ok')"), null);
        if (!py.ok()) {
            fail("autobahn-python is needed (" + py.output() + "). " + InteropSupport.INSTALL_HINT);
        }
    }

    @Test
    void tokensFromTheEndpointOpenOAuth2SessionsOfAutobahnPython() {
        try (BondyProcess server = BondyProcess.start("oauth2", ENV)) {
            Path script = InteropSupport.testDir().resolve("python").resolve("oauth2_client.py");
            InteropSupport.ClientRun run = InteropSupport.run(List.of(PythonAutobahnInteropTest.PYTHON,
                    script.toString(), server.webSocketUrl(), ADMIN_PASSWORD), script.getParent(), "python-oauth2.log");
            assertThat(run.succeeded()).as("autobahn-python OAuth2 scenario failed:%n%s%nserver:%n%s",
                    run.describe(), server.outputTail(6000)).isTrue();
            assertThat(run.output()).contains("PASSED");
        }
    }
}
