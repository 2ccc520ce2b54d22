package io.bondy.transport.tls;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.contract.TransportContractSuite;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.WebSocketClient;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * The {@link TransportContractSuite} over {@code wss://} ({@code api_gateway.https.*}) with the JDK's
 * WebSocket client, which checks the certificate against the test CA and the address 127.0.0.1.
 */
class WebSocketTlsTransportTest extends TransportContractSuite<WebSocketClient> {

    private final TestPki pki = TestPki.create("Bondy wss test CA");
    private final SSLContext client = pki.trustingClient();

    WebSocketTlsTransportTest() {
        super(SerializerKind.JSON);
    }

    @Override
    protected RunningServer newServer() {
        return TlsTestServers.start(TlsTestServers.files(pki, "wss.test").config("api_gateway.https"));
    }

    @Override
    protected WebSocketClient open(RunningServer server, SerializerKind kind) {
        return WebSocketClient.openTls(server.server().webSocketTlsPort(), kind, client);
    }

    @Override
    protected void sendMessageBytes(WebSocketClient c, SerializerKind kind, byte[] bytes) {
        if (kind.binary()) {
            c.sendBinary(bytes);
        } else {
            c.sendText(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @Override
    protected byte[] ping(WebSocketClient c, byte[] payload) {
        c.sendPing(payload);
        return c.nextPong();
    }
}
