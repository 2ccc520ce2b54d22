package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * autobahn-js (npm autobahn@26.3.1, installed by {@code npm ci} in {@code src/test/js}) runs
 * {@code src/test/js/interop_client.js} against the packaged server over WebSocket with JSON, MessagePack and
 * CBOR, and over RawSocket with JSON (the only serializer of its Node RawSocket transport). On Node 20 the
 * script re-runs itself with {@code --experimental-websocket} (autobahn-js needs a global WebSocket).
 * Fails (does not skip) when Node or node_modules are missing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AutobahnJsInteropTest {

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("autobahn-js");

    static final String NODE = System.getProperty("bondy.interop.node", "node");

    static Path jsDir() {
        return InteropSupport.testDir().resolve("js");
    }

    @BeforeAll
    static void requireAutobahnJs() {
        assertThat(jsDir().resolve("interop_client.js")).exists();
        InteropSupport.Probe version = InteropSupport.probe(List.of(NODE, "--version"), null);
        if (!version.ok()) {
            fail("Node.js is not usable as '" + NODE + "' (" + version.output() + "): install Node 20+ (or set"
                    + " -Dbondy.interop.node=/path/to/node). " + InteropSupport.INSTALL_HINT);
        }
        for (String module : List.of("autobahn", "msgpack5", "cbor")) {
            if (!Files.isRegularFile(jsDir().resolve("node_modules").resolve(module).resolve("package.json"))) {
                fail("autobahn-js is not installed: " + jsDir().resolve("node_modules").resolve(module)
                        + " is missing. " + InteropSupport.INSTALL_HINT);
            }
        }
        InteropSupport.Probe autobahn = InteropSupport.probe(List.of(NODE, "-e",
                "console.log('autobahn-js ' + require('autobahn/package.json').version)"), jsDir());
        if (!autobahn.ok()) {
            fail("autobahn-js does not load with " + NODE + " " + version.output() + ": " + autobahn.output() + " "
                    + InteropSupport.INSTALL_HINT);
        }
        System.out.println("[interop] " + autobahn.output() + " on Node " + version.output());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "websocket, json",
        "websocket, msgpack",
        "websocket, cbor",
        "rawsocket, json",
    })
    void fullScenario(String transport, String serializer) {
        boolean raw = transport.equals("rawsocket");
        List<String> command = new ArrayList<>(List.of(NODE, "interop_client.js",
                raw ? BONDY.server().rawSocketUrl() : BONDY.server().webSocketUrl(), serializer));
        if (raw) {
            command.add("rawsocket");
        }
        InteropSupport.ClientRun run = InteropSupport.run(command, jsDir(),
                "js-" + transport + "-" + serializer + ".log");
        assertThat(run.succeeded()).as("autobahn-js scenario over %s with %s failed:%n%s", transport, serializer,
                run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED");
    }
}
