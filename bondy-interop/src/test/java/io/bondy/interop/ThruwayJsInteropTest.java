package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * thruway.js (npm thruway.js@2.0.7 with its peer dependencies rxjs 5 and ws 6) runs
 * {@code src/test/js/thruway_client.js} against the packaged server over WebSocket with JSON (its only
 * serializer): the basic profile and progressive call results as caller and callee. It uses random request ids
 * up to 2^53, an unknown REGISTER option, and ends a session by closing the WebSocket without GOODBYE. Run with
 * the machine's Node (on Node 22 it would take the global WebSocket instead of ws). Fails (does not skip) when
 * Node or the npm packages are missing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ThruwayJsInteropTest {

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("thruway-js");

    @BeforeAll
    static void requireThruway() {
        NodeClients.require(NodeClients.NODE, "thruway_client.js", List.of("thruway.js", "rxjs", "ws"),
                "'thruway.js ' + require('thruway.js/package.json').version");
    }

    @Test
    void fullScenarioOverWebSocketWithJson() {
        InteropSupport.ClientRun run = InteropSupport.run(
                List.of(NodeClients.NODE, "thruway_client.js", BONDY.server().webSocketUrl()),
                NodeClients.jsDir(), "thruway-websocket-json.log");
        assertThat(run.succeeded()).as("thruway.js scenario over WebSocket with json failed:%n%s", run.describe())
                .isTrue();
        assertThat(run.output()).contains("PASSED");
    }
}
