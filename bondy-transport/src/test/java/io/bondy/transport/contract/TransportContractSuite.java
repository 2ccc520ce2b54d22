package io.bondy.transport.contract;

import static io.bondy.transport.support.WampAssertions.assertAbortedForProtocolViolation;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.WampAssertions;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every WAMP transport owes its clients, against a real server on random ports: WELCOME over
 * every serializer, bad input aborted as a protocol violation (malformed bytes, an unknown message
 * type, a message before HELLO, a second HELLO) with the router still serving everyone else, and
 * transport pings answered. Run over each transport by a subclass that provides the plumbing
 * ({@code RawSocketTransportTest}, {@code WebSocketTransportTest}); what only one transport has (its
 * handshake, framing, size limits, subprotocol negotiation, HTTP) is tested in that subclass.
 *
 * <p>Each subclass gets its own server and, for every test, a bystander session that joined before
 * the test and must still be answered after it.
 *
 * @param <C> the transport's test client
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransportContractSuite<C extends WampTestClient> {

    private final SerializerKind bystanderKind;
    private RunningServer server;
    private WampTestClient bystander;

    /** {@code bystanderKind}: the serializer of the session that must survive every test. */
    protected TransportContractSuite(SerializerKind bystanderKind) {
        this.bystanderKind = bystanderKind;
    }

    /** Connects to {@code server} over this transport and completes its handshake for {@code kind} (no HELLO yet). */
    protected abstract C open(RunningServer server, SerializerKind kind);

    /** Sends {@code bytes}, whatever they are, as one WAMP message framed as this transport frames {@code kind}. */
    protected abstract void sendMessageBytes(C client, SerializerKind kind, byte[] bytes);

    /** Sends a transport-level ping carrying {@code payload}; returns the payload of the pong. */
    protected abstract byte[] ping(C client, byte[] payload);

    @BeforeAll
    void startServer() {
        server = newServer();
    }

    /** The suite's server; a transport over TLS starts one with its TLS listeners. */
    protected RunningServer newServer() {
        return RunningServer.standard();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @BeforeEach
    void openBystander() {
        bystander = open(server, bystanderKind);
        bystander.join();
    }

    @AfterEach
    void closeBystander() {
        bystander.close();
    }

    protected final RunningServer server() {
        return server;
    }

    /** A client of this transport connected to the suite's server, its handshake done for {@code kind}. */
    protected final C open(SerializerKind kind) {
        return open(server, kind);
    }

    /** The server survived the test: the bystander is still answered and fresh clients of both transports join. */
    protected final void assertRouterStillServes() {
        WampAssertions.assertRouterStillServes(server, bystander);
    }

    @ParameterizedTest
    @EnumSource(SerializerKind.class)
    void helloGetsWelcomeOverEverySerializer(SerializerKind kind) {
        try (C client = open(kind)) {
            Welcome welcome = client.join();

            assertThat(welcome.session()).isPositive();
            assertThat(welcome.details()).containsEntry("realm", "realm1");
        }
    }

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of(SerializerKind.JSON, "[1, \"realm1\", {".getBytes(StandardCharsets.UTF_8)),
                Arguments.of(SerializerKind.JSON, "{\"not\": \"an array\"}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of(SerializerKind.JSON, new byte[0]),
                Arguments.of(SerializerKind.MSGPACK, new byte[] {(byte) 0xC1}),
                Arguments.of(SerializerKind.MSGPACK, new byte[] {(byte) 0x93, 0x01}),
                Arguments.of(SerializerKind.CBOR, new byte[] {(byte) 0x9F, 0x01}),
                Arguments.of(SerializerKind.CBOR, new byte[] {(byte) 0xFF}));
    }

    @ParameterizedTest
    @MethodSource("malformedMessages")
    void malformedMessageIsAbortedAsProtocolViolation(SerializerKind kind, byte[] bytes) {
        try (C client = open(kind)) {
            sendMessageBytes(client, kind, bytes);

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes();
    }

    @Test
    void unknownMessageTypeIsAbortedAsProtocolViolation() {
        try (C client = open(SerializerKind.JSON)) {
            sendMessageBytes(client, SerializerKind.JSON, "[999, {}]".getBytes(StandardCharsets.UTF_8));

            assertThat(assertAbortedForProtocolViolation(client).details().get("message").toString())
                    .contains("999");
        }
        assertRouterStillServes();
    }

    @ParameterizedTest
    @EnumSource(SerializerKind.class)
    void messageBeforeHelloIsAbortedAsProtocolViolation(SerializerKind kind) {
        try (C client = open(kind)) {
            client.send(new Subscribe(1, Map.of(), "com.example.topic"));

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes();
    }

    @ParameterizedTest
    @EnumSource(SerializerKind.class)
    void secondHelloIsAbortedAsProtocolViolation(SerializerKind kind) {
        try (C client = open(kind)) {
            client.join();
            client.send(WampTestClient.hello());

            assertAbortedForProtocolViolation(client);
        }
        assertRouterStillServes();
    }

    @Test
    void pingIsAnsweredWithPongEchoingThePayload() {
        try (C client = open(SerializerKind.JSON)) {
            byte[] pong = ping(client, "ping-42".getBytes(StandardCharsets.UTF_8));

            assertThat(new String(pong, StandardCharsets.UTF_8)).isEqualTo("ping-42");
            assertThat(client.join().session()).as("the session opens after the ping").isPositive();
        }
    }
}
