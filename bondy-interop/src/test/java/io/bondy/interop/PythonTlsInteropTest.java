package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * made by {@code openssl} at test time (nothing committed expires); Python's {@code ssl} verifies it
 * against that CA, the address 127.0.0.1 included.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PythonTlsInteropTest {

    private static final int[] TLS_PORTS = BondyProcess.freePorts(2);
    private static Path pki;

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("autobahn-python-tls", () -> {
        pki = makeTestCa();
        return Map.of(
                "BONDY_API_GATEWAY_HTTPS_ENABLED", "on",
                "BONDY_API_GATEWAY_HTTPS_PORT", Integer.toString(TLS_PORTS[0]),
                "BONDY_API_GATEWAY_HTTPS_CERTFILE", pki.resolve("cert.pem").toString(),
                "BONDY_API_GATEWAY_HTTPS_KEYFILE", pki.resolve("key.pem").toString(),
                "BONDY_WAMP_TLS_ENABLED", "on",
                "BONDY_WAMP_TLS_PORT", Integer.toString(TLS_PORTS[1]),
                "BONDY_WAMP_TLS_CERTFILE", pki.resolve("cert.pem").toString(),
                "BONDY_WAMP_TLS_KEYFILE", pki.resolve("key.pem").toString());
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

    /** A CA and a server certificate for 127.0.0.1 and localhost, valid for two days, made by openssl. */
    static Path makeTestCa() {
        try {
            Path dir = Files.createTempDirectory(InteropSupport.logDir(), "pki");
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "extendedKeyUsage=serverAuth\n");
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Bondy interop test CA");
            openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "key.pem", "-out", "server.csr", "-subj", "/CN=localhost");
            openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "cert.pem", "-days", "2", "-extfile", "san.ext");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        InteropSupport.Probe probe = InteropSupport.probe(command, dir);
        if (!probe.ok()) {
            throw new IllegalStateException("openssl failed (the test CA is made with it): " + command + "\n"
                    + probe.output());
        }
    }
}
