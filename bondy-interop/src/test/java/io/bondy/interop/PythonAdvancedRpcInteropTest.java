package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * autobahn-python runs {@code src/test/python/advanced_rpc_client.py} against the packaged server: session and
 * registration meta API and events, pattern-based and shared registrations, progressive call results, router-run
 * timeouts, canceling, testaments and kill; over WebSocket with JSON it also sends raw frames for what
 * autobahn-python 22.7 cannot express (disclose_me, progressive call invocations).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PythonAdvancedRpcInteropTest {

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("advanced-rpc-python");

    static Path script() {
        return InteropSupport.testDir().resolve("python").resolve("advanced_rpc_client.py");
    }

    @BeforeAll
    static void requireAutobahnPython() {
        assertThat(script()).exists();
        InteropSupport.Probe probe = InteropSupport.probe(List.of(PythonAutobahnInteropTest.PYTHON, "-c",
                "import autobahn, cbor2, msgpack, txaio"), null);
        if (!probe.ok()) {
            fail("autobahn-python is not usable (" + probe.output() + "). " + InteropSupport.INSTALL_HINT);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "websocket, json",
        "websocket, cbor",
        "rawsocket, msgpack",
    })
    void advancedRpcScenario(String transport, String serializer) {
        String url = transport.equals("websocket") ? BONDY.server().webSocketUrl() : BONDY.server().rawSocketUrl();
        InteropSupport.ClientRun run = InteropSupport.run(
                List.of(PythonAutobahnInteropTest.PYTHON, script().toString(), url, serializer),
                script().getParent(),
                "python-advanced-" + transport + "-" + serializer + ".log");
        assertThat(run.succeeded()).as("advanced RPC scenario over %s with %s failed:%n%s", transport, serializer,
                run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED").doesNotContain("WAMP Protocol Error");
    }
}
