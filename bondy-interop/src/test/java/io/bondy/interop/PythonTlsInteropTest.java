package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The autobahn-python scenario of {@link PythonAutobahnInteropTest} over TLS: {@code wss://} and RawSocket
 * over TLS ({@code rss://}) with JSON, MessagePack and CBOR. The router's certificate comes from a test CA
 * made by {@code openssl} at test time ({@link TestCa}; nothing committed expires); Python's {@code ssl}
 * verifies it against that CA, the address 127.0.0.1 included.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PythonTlsInteropTest {

    private static final int[] TLS_PORTS = BondyProcess.freePorts(2);
    private static Path pki;

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("autobahn-python-tls", () -> {
        pki = TestCa.make();
        return TestCa.bondyEnv(pki, TLS_PORTS[0], TLS_PORTS[1]);
    });

    @BeforeAll
    static void requireAutobahnPython() {
        PythonAutobahnInteropTest.requireAutobahnPython();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "wss, json",
        "wss, msgpack",
        "wss, cbor",
        "rss, json",
        "rss, msgpack",
        "rss, cbor",
    })
    void fullScenarioOverTls(String scheme, String serializer) {
        String url = scheme.equals("wss") ? "wss://127.0.0.1:" + TLS_PORTS[0] + "/ws"
                : "rss://127.0.0.1:" + TLS_PORTS[1];
        InteropSupport.ClientRun run = InteropSupport.run(
                List.of(PythonAutobahnInteropTest.PYTHON, PythonAutobahnInteropTest.script().toString(), url,
                        serializer),
                PythonAutobahnInteropTest.script().getParent(),
                "python-tls-" + scheme + "-" + serializer + ".log",
                Map.of("BONDY_TEST_CAFILE", pki.resolve("ca.pem").toString()));
        assertThat(run.succeeded()).as("autobahn-python scenario over %s with %s failed:%n%s", url, serializer,
                run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED").contains("over TLSv1.3");
    }
}
