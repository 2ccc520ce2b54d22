package io.bondy.transport.tls;

import io.bondy.core.router.Router;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A development router with TLS listeners (wss:// and RawSocket over TLS) whose certificate a test CA issued. */
public final class TlsTestServers {

    private TlsTestServers() {
    }

    /** The files of one listener, in a fresh temporary directory. */
    public record Files3(Path dir, Path cert, Path key, Path ca) {

        public TlsConfig config(String prefix) {
            return TlsConfig.of(prefix, cert, key);
        }
    }

    /** Writes a server certificate for 127.0.0.1 issued by {@code pki}, its key and the CA into a new directory. */
    public static Files3 files(TestPki pki, String cn) {
        try {
            Path dir = Files.createTempDirectory("bondy-tls");
            TestPki.Issued server = pki.server(cn);
            return new Files3(dir, server.writeChain(dir.resolve("cert.pem")), server.writeKey(dir.resolve("key.pem")),
                    pki.writeCa(dir.resolve("cacert.pem")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The standard test listeners plus wss:// and RawSocket-over-TLS on random ports with {@code tls}. */
    public static TransportConfig config(TlsConfig tls, TlsProviders.Choice provider, Duration handshakeTimeout) {
        return TestConfigs.with(handshakeTimeout, Duration.ofSeconds(60)).withTls(
                new TlsListener(true, "127.0.0.1", 0, 100, tls), new TlsListener(true, "127.0.0.1", 0, 100, tls),
                provider);
    }

    public static RunningServer start(TlsConfig tls) {
        return new RunningServer(config(tls, TlsProviders.Choice.AUTO, Duration.ofSeconds(10)));
    }

    public static RunningServer start(TlsConfig tls, TlsProviders.Choice provider, Duration handshakeTimeout,
                                      RouterMetrics metrics) {
        return new RunningServer(config(tls, provider, handshakeTimeout), Router.development(), metrics);
    }
}
