package io.bondy.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway PKI for the TLS interop tests, made by {@code openssl} at test time (nothing committed
 * expires): a CA ({@code ca.pem}) and a server certificate for 127.0.0.1 and localhost signed by it
 * ({@code cert.pem}, key {@code key.pem}), P-256, valid for two days, in a fresh directory under the test logs.
 */
final class TestCa {

    private TestCa() {
    }

    /** Makes the CA and the server certificate; returns their directory. */
    static Path make() {
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

    /**
     * Bondy's environment for its two WAMP TLS listeners with this PKI: {@code wss://} on {@code wssPort}
     * ({@code api_gateway.https.*}) and RawSocket over TLS on {@code rssPort} ({@code wamp.tls.*}).
     */
    static java.util.Map<String, String> bondyEnv(Path pki, int wssPort, int rssPort) {
        return java.util.Map.of(
                "BONDY_API_GATEWAY_HTTPS_ENABLED", "on",
                "BONDY_API_GATEWAY_HTTPS_PORT", Integer.toString(wssPort),
                "BONDY_API_GATEWAY_HTTPS_CERTFILE", pki.resolve("cert.pem").toString(),
                "BONDY_API_GATEWAY_HTTPS_KEYFILE", pki.resolve("key.pem").toString(),
                "BONDY_WAMP_TLS_ENABLED", "on",
                "BONDY_WAMP_TLS_PORT", Integer.toString(rssPort),
                "BONDY_WAMP_TLS_CERTFILE", pki.resolve("cert.pem").toString(),
                "BONDY_WAMP_TLS_KEYFILE", pki.resolve("key.pem").toString());
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        InteropSupport.Probe probe = InteropSupport.probe(command, dir);
        if (!probe.ok()) {
            throw new IllegalStateException("openssl failed (the test CA is made with it): " + command + "\n"
                    + probe.output());
        }
    }
}
