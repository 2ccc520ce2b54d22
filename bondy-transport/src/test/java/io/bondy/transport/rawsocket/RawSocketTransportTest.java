package io.bondy.transport.rawsocket;

import static io.bondy.transport.support.WampAssertions.assertAbortedForProtocolViolation;
import static io.bondy.transport.support.WampAssertions.assertRouterStillServes;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WampTestClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** WAMP over a real RawSocket connection, driven by a plain-socket client. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawSocketTransportTest {

    private static RunningServer server;
    private WampTestClient bystander;

    @BeforeAll
    static void startServer() {
        server = RunningServer.standard();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void openBystander() {
        bystander = RawSocketClient.open(server.rawSocketPort(), SerializerKind.CBOR);
        bystander.join();
    }

    @AfterEach
    void closeBystander() {
        bystander.close();
    }

    @ParameterizedTest
    @EnumSource(SerializerKind.class)
    void helloGetsWelcomeOverEverySerializer(SerializerKind kind) {
        try (RawSocketClient client = RawSocketClient.open(server.rawSocketPort(), kind)) {
            Welcome welcome = client.join();

            assertThat(welcome.session()).isPositive();
            assertThat(welcome.details()).containsEntry("realm", "realm1");
        }
    }

    @Test
    void handshakeReplyEchoesTheSerializerWithTheRoutersMaximumLength() {
        try (RawSocketClient client = RawSocketClient.connect(server.rawSocketPort())) {
            byte[] reply = client.handshake(0, 2);

            assertThat(reply).containsExactly(0x7F, (RawSocketProtocol.lengthField(TestConfigs.MAX_MESSAGE) << 4) | 2,
                    0, 0);
        }
    }

    @Test
    void rawSocketHandshakeWithUnknownSerializerGetsErrorOne() {
        try (RawSocketClient client = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(client.handshake(15, 4)).containsExactly(0x7F, 0x10, 0, 0);
            assertThat(client.awaitClosed()).isTrue();
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void rawSocketHandshakeWithReservedBitsGetsErrorThree() {
        try (RawSocketClient client = RawSocketClient.connect(server.rawSocketPort())) {
            client.sendRaw(new byte[] {0x7F, (byte) 0xF1, 0, 1});

            assertThat(client.readOctets(4)).containsExactly(0x7F, 0x30, 0, 0);
            assertThat(client.awaitClosed()).isTrue();
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void garbageBeforeTheHandshakeIsClosedWithoutReply() {
        try (RawSocketClient client = RawSocketClient.connect(server.rawSocketPort())) {
            client.sendRaw("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(client.awaitClosed()).isTrue();
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void garbageAfterTheHandshakeIsAbortedAsProtocolViolation() {
        try (RawSocketClient client = RawSocketClient.open(server.rawSocketPort(), SerializerKind.JSON)) {
            client.sendRaw(new byte[] {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4});

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void frameLongerThanTheRoutersMaximumIsAbortedAsProtocolViolation() {
        try (RawSocketClient client = RawSocketClient.open(server.rawSocketPort(), SerializerKind.MSGPACK)) {
            client.join();
            client.sendFrame(0, new byte[TestConfigs.MAX_MESSAGE + 1]);

            assertThat(assertAbortedForProtocolViolation(client).details().get("message").toString())
                    .contains("exceeds the maximum");
        }
        assertRouterStillServes(server, bystander);
    }

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of(SerializerKind.JSON, "[1, \"realm1\", {".getBytes(StandardCharsets.UTF_8)),
                Arguments.of(SerializerKind.JSON, new byte[0]),
                Arguments.of(SerializerKind.MSGPACK, new byte[] {(byte) 0xC1}),
                Arguments.of(SerializerKind.MSGPACK, new byte[] {(byte) 0x93, 0x01}),
                Arguments.of(SerializerKind.CBOR, new byte[] {(byte) 0x9F, 0x01}),
                Arguments.of(SerializerKind.CBOR, new byte[] {(byte) 0xFF}));
    }

    @ParameterizedTest
    @MethodSource("malformedMessages")
    void malformedMessageIsAbortedAsProtocolViolation(SerializerKind kind, byte[] bytes) {
        try (RawSocketClient client = RawSocketClient.open(server.rawSocketPort(), kind)) {
            client.sendFrame(0, bytes);

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void unknownMessageTypeIsAbortedAsProtocolViolation() {
        try (RawSocketClient client = RawSocketClient.open(server.rawSocketPort(), SerializerKind.JSON)) {
            client.sendFrame(0, "[999, {}]".getBytes(StandardCharsets.UTF_8));

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void messageBeforeHelloIsAbortedAsProtocolViolation() {
        try (RawSocketClient client = RawSocketClient.open(server.rawSocketPort(), SerializerKind.MSGPACK)) {
            client.send(new Subscribe(1, Map.of(), "com.example.topic"));

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void secondHelloIsAbortedAsProtocolViolation() {
        try (RawSocketClient client = RawSocketClient.open(server.rawSocketPort(), SerializerKind.CBOR)) {
            client.join();
            client.send(WampTestClient.hello());

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes(server, bystander);
    }

    @Test
    void pingIsAnsweredWithPongEchoingThePayload() {
        try (RawSocketClient client = RawSocketClient.open(server.rawSocketPort(), SerializerKind.JSON)) {
            client.sendFrame(1, "ping-42".getBytes(StandardCharsets.UTF_8));

            RawSocketClient.Frame pong = client.readFrame();
            assertThat(pong.type()).isEqualTo(2);
            assertThat(new String(pong.payload(), StandardCharsets.UTF_8)).isEqualTo("ping-42");
            assertThat(client.join().session()).isPositive();
        }
    }
}
