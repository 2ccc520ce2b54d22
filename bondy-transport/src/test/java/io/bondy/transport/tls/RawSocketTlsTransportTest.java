package io.bondy.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.contract.TransportContractSuite;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The {@link TransportContractSuite} over RawSocket inside TLS ({@code wamp.tls.*}): every serializer
 * joins, bad input is a protocol violation, pings are answered, the router keeps serving; the
 * certificate is a test CA's, made at test time.
 */
class RawSocketTlsTransportTest extends TransportContractSuite<RawSocketClient> {

    private final TestPki pki = TestPki.create("Bondy RawSocket TLS test CA");
    private final SSLContext client = pki.trustingClient();

    RawSocketTlsTransportTest() {
        super(SerializerKind.MSGPACK);
    }

    @Override
    protected RunningServer newServer() {
        return TlsTestServers.start(TlsTestServers.files(pki, "rawsocket.test").config("wamp.tls"));
    }

    @Override
    protected RawSocketClient open(RunningServer server, SerializerKind kind) {
        return RawSocketClient.open(TestPki.connect(client, server.server().rawSocketTlsPort()), kind);
    }

    @Override
    protected void sendMessageBytes(RawSocketClient c, SerializerKind kind, byte[] bytes) {
        c.sendFrame(0, bytes);
    }

    @Override
    protected byte[] ping(RawSocketClient c, byte[] payload) {
        c.sendFrame(1, payload);
        RawSocketClient.Frame pong = c.readFrame();
        assertThat(pong.type()).as("frame type PONG").isEqualTo(2);
        return pong.payload();
    }

    @Test
    void theClientSeesTheTestCasCertificateOverTls13() throws Exception {
        try (RawSocketClient c = open(server(), SerializerKind.CBOR)) {
            SSLSocket socket = (SSLSocket) c.socket();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName()).isEqualTo("CN=rawsocket.test");
            assertThat(c.join().session()).isPositive();
        }
    }
}
