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
 * Realm administration through autobahn-python ({@code realms_client.py}): realms, an SSO realm and
 * a prototype created with {@code bondy.realm.create}; inheritance and live prototype changes, same
 * sign-on, per-realm grants, cross-realm denial, deletion of a realm with a live session; then a
 * restart of the server on the same data directory keeps all of it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RealmsInteropTest {

    static final String ADMIN_PASSWORD = "realms-admin-" + ProcessHandle.current().pid();
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
    void realmsPrototypesAndSsoWorkThroughAutobahnPythonAndSurviveARestart() {
        try (BondyProcess first = BondyProcess.start("realms", ENV)) {
            runPython(first, "main");
            assertThat(first.stop()).as("graceful shutdown").isZero();
        }
        try (BondyProcess second = BondyProcess.start("realms", ENV)) {
            assertThat(second.output()).contains("Recreated");
            runPython(second, "restart");
        }
    }

    private static void runPython(BondyProcess server, String part) {
        Path script = InteropSupport.testDir().resolve("python").resolve("realms_client.py");
        InteropSupport.ClientRun run = InteropSupport.run(List.of(PythonAutobahnInteropTest.PYTHON, script.toString(),
                server.webSocketUrl(), ADMIN_PASSWORD, part), script.getParent(), "python-realms-" + part + ".log");
        assertThat(run.succeeded()).as("autobahn-python realms part %s failed:%n%s%nserver:%n%s", part,
                run.describe(), server.outputTail(6000)).isTrue();
        assertThat(run.output()).contains("PASSED");
    }
}
