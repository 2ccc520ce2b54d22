package io.bondy.transport.rawsocket;

import static io.bondy.transport.support.WampAssertions.assertAbortedForProtocolViolation;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.contract.TransportContractSuite;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * WAMP over a real RawSocket connection, driven by a plain-socket client: the {@link TransportContractSuite}
 * (a WAMP message is one frame of type 0, a ping one of type 1), then what only RawSocket has: the
 * 4-octet handshake and its errors, frame types and the router's maximum length.
 */
class RawSocketTransportTest extends TransportContractSuite<RawSocketClient> {

    RawSocketTransportTest() {
        super(SerializerKind.CBOR);
    }

    @Override
    protected RawSocketClient open(RunningServer server, SerializerKind kind) {
        return RawSocketClient.open(server.rawSocketPort(), kind);
    }

    @Override
    protected void sendMessageBytes(RawSocketClient client, SerializerKind kind, byte[] bytes) {
        client.sendFrame(0, bytes);
    }

    @Override
    protected byte[] ping(RawSocketClient client, byte[] payload) {
        client.sendFrame(1, payload);
        RawSocketClient.Frame pong = client.readFrame();
        assertThat(pong.type()).as("frame type PONG").isEqualTo(2);
        return pong.payload();
    }

    @Test
    void handshakeReplyEchoesTheSerializerWithTheRoutersMaximumLength() {
        try (RawSocketClient client = RawSocketClient.connect(server().rawSocketPort())) {
            byte[] reply = client.handshake(0, 2);

            assertThat(reply).containsExactly(0x7F, (RawSocketProtocol.lengthField(TestConfigs.MAX_MESSAGE) << 4) | 2,
                    0, 0);
        }
    }

    /** The smallest maximum a client may ask for is 512 bytes; a WELCOME with every feature is longer. */
    @Test
    void aClientThatAccepts512BytesGetsAWelcomeThatFits() {
        for (SerializerKind kind : SerializerKind.values()) {
            try (RawSocketClient client = RawSocketClient.open(server().rawSocketPort(), kind, 0)) {
                client.send(new io.bondy.core.message.Hello("realm1", Map.of("roles", Map.of("caller", Map.of(),
                        "callee", Map.of(), "publisher", Map.of(), "subscriber", Map.of()))));
                RawSocketClient.Frame frame = client.readFrame();
                assertThat(frame.payload().length).as(kind + " WELCOME length").isLessThanOrEqualTo(512);
                io.bondy.core.message.WampMessage reply = io.bondy.core.serialization.Serializers.of(kind)
                        .decode(frame.payload());
                assertThat(reply).isInstanceOf(io.bondy.core.message.Welcome.class);
                assertThat(((io.bondy.core.message.Welcome) reply).details()).containsKey("roles")
                        .containsEntry("realm", "realm1");
            }
        }
        try (RawSocketClient client = RawSocketClient.open(server().rawSocketPort(), SerializerKind.JSON)) {
            client.send(new io.bondy.core.message.Hello("realm1", Map.of("roles", Map.of("caller", Map.of()))));
            assertThat(client.readFrame().payload().length).as("the full WELCOME, so the above proves something")
                    .isGreaterThan(512);
        }
    }

    @Test
    void rawSocketHandshakeWithUnknownSerializerGetsErrorOne() {
        try (RawSocketClient client = RawSocketClient.connect(server().rawSocketPort())) {
            assertThat(client.handshake(15, 4)).containsExactly(0x7F, 0x10, 0, 0);
            assertThat(client.awaitClosed()).isTrue();
        }
        assertRouterStillServes();
    }

    @Test
    void rawSocketHandshakeWithReservedBitsGetsErrorThree() {
        try (RawSocketClient client = RawSocketClient.connect(server().rawSocketPort())) {
            client.sendRaw(new byte[] {0x7F, (byte) 0xF1, 0, 1});

            assertThat(client.readOctets(4)).containsExactly(0x7F, 0x30, 0, 0);
            assertThat(client.awaitClosed()).isTrue();
        }
        assertRouterStillServes();
    }

    @Test
    void garbageBeforeTheHandshakeIsClosedWithoutReply() {
        try (RawSocketClient client = RawSocketClient.connect(server().rawSocketPort())) {
            client.sendRaw("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(client.awaitClosed()).isTrue();
        }
        assertRouterStillServes();
    }

    @Test
    void garbageAfterTheHandshakeIsAbortedAsProtocolViolation() {
        try (RawSocketClient client = open(SerializerKind.JSON)) {
            client.sendRaw(new byte[] {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4});

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes();
    }

    @Test
    void frameLongerThanTheRoutersMaximumIsAbortedAsProtocolViolation() {
        try (RawSocketClient client = open(SerializerKind.MSGPACK)) {
            client.join();
            client.sendFrame(0, new byte[TestConfigs.MAX_MESSAGE + 1]);

            assertThat(assertAbortedForProtocolViolation(client).details().get("message").toString())
                    .contains("exceeds the maximum");
        }
        assertRouterStillServes();
    }
}
