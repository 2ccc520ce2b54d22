package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Advanced PubSub with third-party clients against the packaged server, whose {@code realm1} keeps
 * event history for {@value #HISTORY_TOPIC}: autobahn-python runs {@code src/test/python/pubsub_client.py}
 * (patterns, black/white listing, retention, meta API and events, history) and autobahn-js runs
 * {@code src/test/js/pubsub_client.js} (publisher identification, patterns, listing, retention, meta API,
 * history), each serializer at least once, over WebSocket and RawSocket. Payload passthru is tested with raw
 * frames in bondy-transport ({@code PayloadPassthruTransportTest}): neither client speaks {@code ppt_*}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdvancedPubSubInteropTest {

    static final String HISTORY_TOPIC = "com.example.interop.history";

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("advanced-pubsub", Map.of("BONDY_REALMS",
            "[{uri = \"realm1\", pubsub { history = [{ topic = \"" + HISTORY_TOPIC
                    + "\", match = prefix, max_events = 100, max_age = 1h }] } }]"));

    @BeforeAll
    static void requireClients() {
        AutobahnJsInteropTest.requireAutobahnJs();
        PythonAutobahnInteropTest.requireAutobahnPython();
    }

    @ParameterizedTest(name = "autobahn-python {0} {1}")
    @CsvSource({
        "websocket, json",
        "websocket, msgpack",
        "rawsocket, cbor",
    })
    void autobahnPython(String transport, String serializer) {
        String url = transport.equals("websocket") ? BONDY.server().webSocketUrl() : BONDY.server().rawSocketUrl();
        InteropSupport.ClientRun run = InteropSupport.run(
                List.of(PythonAutobahnInteropTest.PYTHON, "pubsub_client.py", url, serializer, HISTORY_TOPIC),
                PythonAutobahnInteropTest.script().getParent(), "python-pubsub-" + transport + "-" + serializer + ".log");
        assertThat(run.succeeded()).as("autobahn-python advanced PubSub over %s with %s failed:%n%s", transport,
                serializer, run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED");
    }

    @ParameterizedTest(name = "autobahn-js {0} {1}")
    @CsvSource({
        "websocket, json",
        "websocket, cbor",
        "rawsocket, json",
    })
    void autobahnJs(String transport, String serializer) {
        boolean raw = transport.equals("rawsocket");
        List<String> command = new ArrayList<>(List.of(AutobahnJsInteropTest.NODE, "pubsub_client.js",
                raw ? BONDY.server().rawSocketUrl() : BONDY.server().webSocketUrl(), serializer, HISTORY_TOPIC));
        if (raw) {
            command.add("rawsocket");
        }
        InteropSupport.ClientRun run = InteropSupport.run(command, AutobahnJsInteropTest.jsDir(),
                "js-pubsub-" + transport + "-" + serializer + ".log");
        assertThat(run.succeeded()).as("autobahn-js advanced PubSub over %s with %s failed:%n%s", transport,
                serializer, run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED");
    }
}
