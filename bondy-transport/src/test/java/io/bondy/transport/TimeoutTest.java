package io.bondy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WebSocketClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connections that stall are closed: no handshake, no HELLO, or silence past the idle timeout. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimeoutTest {

    /** Long enough for a client on a loaded 2-CPU machine to connect and join, short enough for a test. */
    private static final Duration HANDSHAKE = Duration.ofSeconds(2);
    private static final Duration IDLE = Duration.ofMillis(700);

    private static RunningServer quickHandshake;
    private static RunningServer quickIdle;

    @BeforeAll
    static void startServers() {
        quickHandshake = new RunningServer(TestConfigs.with(HANDSHAKE, Duration.ofSeconds(60)));
        quickIdle = new RunningServer(TestConfigs.with(Duration.ofSeconds(10), IDLE));
    }

    @AfterAll
    static void stopServers() {
        quickHandshake.close();
        quickIdle.close();
    }

    @Test
    void rawSocketClientThatNeverSendsTheHandshakeIsClosed() {
        try (RawSocketClient client = RawSocketClient.connect(quickHandshake.rawSocketPort())) {
            assertThat(client.awaitClosed()).isTrue();
        }
    }

    @Test
    void rawSocketClientThatNeverSendsHelloIsClosed() {
        try (RawSocketClient client = RawSocketClient.open(quickHandshake.rawSocketPort(), SerializerKind.JSON)) {
            assertThat(client.awaitClosed()).isTrue();
        }
    }

    @Test
    void webSocketClientThatNeverSendsHelloIsClosed() {
        try (WebSocketClient client = WebSocketClient.open(quickHandshake.webSocketPort(), SerializerKind.JSON)) {
            assertThat(client.awaitClosed()).isTrue();
        }
    }

    @Test
    void httpConnectionThatNeverUpgradesIsClosed() {
        try (RawSocketClient silent = RawSocketClient.connect(quickHandshake.webSocketPort())) {
            assertThat(silent.awaitClosed()).isTrue();
        }
    }

    @Test
    void sessionThatSentHelloOutlivesTheHandshakeTimeout() {
        try (RawSocketClient client = RawSocketClient.open(quickHandshake.rawSocketPort(), SerializerKind.CBOR)) {
            client.join();
            // The barrier instead of a sleep: a connection opened after this one that never sends HELLO
            // is closed by its handshake deadline, which comes after this session's.
            try (RawSocketClient later = RawSocketClient.open(quickHandshake.rawSocketPort(), SerializerKind.JSON)) {
                assertThat(later.awaitClosed()).as("the later connection's handshake deadline passed").isTrue();
            }

            client.send(new Subscribe(1, Map.of(), "com.example.topic"));
            assertThat(client.next(Subscribed.class).requestId()).isEqualTo(1);
        }
    }

    @Test
    void rawSocketSessionThatGoesQuietIsClosedAfterTheIdleTimeout() {
        try (RawSocketClient client = RawSocketClient.open(quickIdle.rawSocketPort(), SerializerKind.MSGPACK)) {
            client.join();

            assertThat(client.awaitClosed()).isTrue();
        }
    }

    @Test
    void webSocketSessionThatGoesQuietIsClosedAfterTheIdleTimeout() {
        try (WebSocketClient client = WebSocketClient.open(quickIdle.webSocketPort(), SerializerKind.MSGPACK)) {
            client.join();

            assertThat(client.awaitClosed()).isTrue();
        }
    }

    @Test
    void sessionThatKeepsPingingOutlivesTheIdleTimeout() throws InterruptedException {
        try (RawSocketClient client = RawSocketClient.open(quickIdle.rawSocketPort(), SerializerKind.JSON)) {
            client.join();
            long until = System.nanoTime() + IDLE.toNanos() * 3;
            while (System.nanoTime() < until) {
                client.sendFrame(1, new byte[] {1});
                assertThat(client.readFrame().type()).isEqualTo(2);
                TimeUnit.MILLISECONDS.sleep(IDLE.toMillis() / 4); // the pause is the behaviour under test
            }

            client.send(new Subscribe(1, Map.of(), "com.example.topic"));
            assertThat(client.next(Subscribed.class).requestId()).isEqualTo(1);
        }
    }
}
