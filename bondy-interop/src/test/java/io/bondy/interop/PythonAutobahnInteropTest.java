package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * autobahn-python (Debian's python3-autobahn 22.7.1, asyncio) runs {@code src/test/python/interop_client.py}
 * against the packaged server over WebSocket and RawSocket with JSON, MessagePack and CBOR. autobahn-python
 * is strict about the protocol: a message it finds malformed fails the run with its own explanation.
 * Fails (does not skip) when the Python packages are missing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PythonAutobahnInteropTest {

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("autobahn-python");

    /** Debian's interpreter, where python3-autobahn is installed (a pyenv python3 on PATH has no autobahn). */
    static final String PYTHON = System.getProperty("bondy.interop.python", "/usr/bin/python3");

    static Path script() {
        return InteropSupport.testDir().resolve("python").resolve("interop_client.py");
    }

    @BeforeAll
    static void requireAutobahnPython() {
        assertThat(script()).exists();
        InteropSupport.Probe probe = InteropSupport.probe(List.of(PYTHON, "-c",
                "import autobahn, cbor2, msgpack, txaio; print('autobahn-python', autobahn.__version__)"), null);
        if (!probe.ok()) {
            fail("autobahn-python is not usable with " + PYTHON + " (" + probe.output() + "). "
                    + InteropSupport.INSTALL_HINT);
        }
        System.out.println("[interop] " + probe.output() + " (" + PYTHON + ")");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "websocket, json",
        "websocket, msgpack",
        "websocket, cbor",
        "rawsocket, json",
        "rawsocket, msgpack",
        "rawsocket, cbor",
    })
    void fullScenario(String transport, String serializer) {
        String url = transport.equals("websocket") ? BONDY.server().webSocketUrl() : BONDY.server().rawSocketUrl();
        InteropSupport.ClientRun run = InteropSupport.run(
                List.of(PYTHON, script().toString(), url, serializer),
                script().getParent(),
                "python-" + transport + "-" + serializer + ".log");
        assertThat(run.succeeded()).as("autobahn-python scenario over %s with %s failed:%n%s", transport,
                serializer, run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED");
    }
}
