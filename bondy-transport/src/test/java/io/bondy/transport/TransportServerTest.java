package io.bondy.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Goodbye;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WebSocketClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Starting, configuring and stopping the listeners. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TransportServerTest {

    @ParameterizedTest(name = "preferNativeTransport={0}")
    @ValueSource(booleans = {true, false})
    void listenersOnPortZeroBindFreePortsAndServeWamp(boolean preferNative) {
        TransportConfig config = TestConfigs.with(Duration.ofSeconds(5), Duration.ofSeconds(60), preferNative);
        try (TransportServer server = new TransportServer(config, Router.development())) {
            server.start();

            assertThat(server.webSocketPort()).isPositive().isNotEqualTo(server.rawSocketPort());
            assertThat(server.rawSocketPort()).isPositive();
            try (WebSocketClient ws = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON);
                 RawSocketClient raw = RawSocketClient.open(server.rawSocketPort(), SerializerKind.JSON)) {
                assertThat(ws.join().session()).isPositive();
                assertThat(raw.join().session()).isPositive();
            }
        }
    }

    @Test
    void portInUseFailsTheStartNamingHostAndPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TransportConfig standard = TestConfigs.standard();
            RawSocketConfig raw = standard.rawsocket();
            TransportConfig clash = new TransportConfig(standard.websocket(), new RawSocketConfig(true, "127.0.0.1",
                    taken.getLocalPort(), raw.maxMessageLength(), raw.handshakeTimeout(), raw.idleTimeout()),
                    1, true, standard.outboundHighWaterMark(), standard.maxOutboundBytes());
            TransportServer server = new TransportServer(clash, Router.development());

            assertThatThrownBy(server::start).isInstanceOf(TransportStartException.class)
                    .hasMessageContaining("RawSocket").hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
            server.close();
        }
    }

    @Test
    void rawSocketMaximumThatIsNotAPowerOfTwoIsRejectedNamingTheField() {
        TransportConfig standard = TestConfigs.standard();
        RawSocketConfig raw = standard.rawsocket();
        TransportConfig bad = new TransportConfig(standard.websocket(), new RawSocketConfig(true, "127.0.0.1", 0,
                1000, raw.handshakeTimeout(), raw.idleTimeout()), 1, true, 1024, 4096);

        assertThatThrownBy(() -> new TransportServer(bad, Router.development()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rawsocket.maxMessageLength");
    }

    @Test
    void disabledListenerHasNoPort() {
        TransportConfig standard = TestConfigs.standard();
        RawSocketConfig raw = standard.rawsocket();
        TransportConfig wsOnly = new TransportConfig(standard.websocket(), new RawSocketConfig(false, raw.host(), 0,
                raw.maxMessageLength(), raw.handshakeTimeout(), raw.idleTimeout()), 1, true, 1024, 4096);
        try (TransportServer server = new TransportServer(wsOnly, Router.development())) {
            server.start();

            assertThat(server.webSocketPort()).isPositive();
            assertThatThrownBy(server::rawSocketPort).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeSaysGoodbyeToEstablishedSessionsAndStopsListening() {
        TransportServer server = new TransportServer(TestConfigs.standard(), Router.development());
        server.start();
        int port = server.rawSocketPort();
        try (RawSocketClient client = RawSocketClient.open(port, SerializerKind.JSON)) {
            client.join();

            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            assertThat(client.next(Goodbye.class).reason()).isEqualTo(WampErrors.SYSTEM_SHUTDOWN);
            client.send(new Goodbye(Map.of(), WampErrors.GOODBYE_AND_OUT));

            assertThat(client.awaitClosed()).isTrue();
            closing.orTimeout(10, TimeUnit.SECONDS).join();
        }
        assertThatThrownBy(() -> RawSocketClient.connect(port)).isInstanceOf(java.io.UncheckedIOException.class);
    }
}
