package io.bondy.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Certificates renewed without a restart: after the files are replaced, a new connection gets the new
 * certificate while a session opened before keeps working; a half-done renewal (a certificate without
 * its key yet) keeps the old certificate until the key arrives; the poller picks changes up by itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsReloadTest {

    private final TestPki pki = TestPki.create("Bondy reload test CA");

    @Test
    void aNewConnectionGetsTheNewCertificateAndTheOldOneStaysUp() {
        TlsTestServers.Files3 files = TlsTestServers.files(pki, "first.test");
        try (RunningServer server = TlsTestServers.start(files.config("wamp.tls"))) {
            int port = server.server().rawSocketTlsPort();
            try (RawSocketClient old = open(port)) {
                assertThat(peer(old)).isEqualTo("CN=first.test");
                old.join();

                TestPki.Issued second = pki.server("second.test");
                second.writeChain(files.cert());
                second.writeKey(files.key());
                List<TlsContext.Reload> reloads = server.server().tlsContexts().stream()
                        .map(TlsContext::reloadIfChanged).toList();

                assertThat(reloads).extracting(TlsContext.Reload::outcome).containsOnly(TlsContext.Outcome.RELOADED);
                assertThat(reloads).extracting(TlsContext.Reload::subject).containsOnly("CN=second.test");
                try (RawSocketClient fresh = open(port)) {
                    assertThat(peer(fresh)).isEqualTo("CN=second.test");
                    assertThat(fresh.join().session()).isPositive();
                }
                old.send(new Subscribe(7, Map.of(), "com.example.after.reload"));
                assertThat(old.next(Subscribed.class).requestId()).isEqualTo(7);
                assertThat(peer(old)).isEqualTo("CN=first.test");
            }
        }
    }

    @Test
    void aCertificateWithoutItsKeyKeepsTheOldOneUntilTheKeyArrives() {
        TlsTestServers.Files3 files = TlsTestServers.files(pki, "first.test");
        try (RunningServer server = TlsTestServers.start(files.config("wamp.tls"))) {
            TlsContext tls = server.server().tlsContexts().get(1);
            TestPki.Issued next = pki.server("next.test");
            next.writeChain(files.cert());

            TlsContext.Reload half = tls.reloadIfChanged();
            assertThat(half.outcome()).isEqualTo(TlsContext.Outcome.FAILED);
            assertThat(half.error()).contains("does not match the certificate CN=next.test");
            assertThat(half.subject()).isEqualTo("CN=first.test");
            assertThat(tls.reloadIfChanged().outcome()).as("the same broken files are not tried again")
                    .isEqualTo(TlsContext.Outcome.UNCHANGED);
            try (RawSocketClient fresh = open(server.server().rawSocketTlsPort())) {
                assertThat(peer(fresh)).isEqualTo("CN=first.test");
            }

            next.writeKey(files.key());
            assertThat(tls.reloadIfChanged().outcome()).isEqualTo(TlsContext.Outcome.RELOADED);
            try (RawSocketClient fresh = open(server.server().rawSocketTlsPort())) {
                assertThat(peer(fresh)).isEqualTo("CN=next.test");
            }
        }
    }

    @Test
    void thePollerReloadsChangedFilesByItself() {
        TlsTestServers.Files3 files = TlsTestServers.files(pki, "first.test");
        try (RunningServer server = TlsTestServers.start(files.config("wamp.tls"));
             TlsReloader reloader = new TlsReloader(Duration.ofMillis(100))) {
            server.server().tlsContexts().forEach(reloader::add);
            reloader.start();
            TestPki.Issued polled = pki.server("polled.test");
            polled.writeKey(files.key());
            polled.writeChain(files.cert());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                try (RawSocketClient fresh = open(server.server().rawSocketTlsPort())) {
                    assertThat(peer(fresh)).isEqualTo("CN=polled.test");
                }
            });
        }
    }

    private RawSocketClient open(int port) {
        return RawSocketClient.open(TestPki.connect(pki.trustingClient(), port), SerializerKind.JSON);
    }

    private static String peer(RawSocketClient client) {
        try {
            return ((X509Certificate) ((SSLSocket) client.socket()).getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new AssertionError(e);
        }
    }
}
