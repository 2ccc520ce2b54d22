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
 * The HTTP API gateway with third-party clients ({@code gateway_client.py}): autobahn-python loads
 * Bondy's example spec through {@code bondy.http_gateway.api.load} and registers the callee; curl
 * calls the API; results, mapped error statuses, 405 and the OpenAPI document are checked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayInteropTest {

    static final String ADMIN_PASSWORD = "gateway-admin-" + ProcessHandle.current().pid();
    static final Map<String, String> ENV = Map.of("BONDY_ADMIN_PASSWORD", ADMIN_PASSWORD,
            "BONDY_SECURITY_PASSWORD_CRA_ITERATIONS", "1000");

    @BeforeAll
    static void requireClients() {
        InteropSupport.Probe py = InteropSupport.probe(List.of(PythonAutobahnInteropTest.PYTHON, "-c",
                "import autobahn; print('ok')"), null);
        if (!py.ok()) {
            fail("autobahn-python is needed (" + py.output() + "). " + InteropSupport.INSTALL_HINT);
        }
        InteropSupport.Probe curl = InteropSupport.probe(List.of("curl", "--version"), null);
        if (!curl.ok()) {
            fail("curl is needed (" + curl.output() + ")");
        }
    }

    @Test
    void bondysExampleSpecServesCurlThroughAnAutobahnPythonCallee() {
        try (BondyProcess server = BondyProcess.start("gateway", ENV)) {
            Path script = InteropSupport.testDir().resolve("python").resolve("gateway_client.py");
            InteropSupport.ClientRun run = InteropSupport.run(List.of(PythonAutobahnInteropTest.PYTHON,
                    script.toString(), server.webSocketUrl(), ADMIN_PASSWORD), script.getParent(), "python-gateway.log");
            assertThat(run.succeeded()).as("HTTP API gateway scenario failed:%n%s%nserver:%n%s",
                    run.describe(), server.outputTail(6000)).isTrue();
            assertThat(run.output()).contains("PASSED");
        }
    }
}
