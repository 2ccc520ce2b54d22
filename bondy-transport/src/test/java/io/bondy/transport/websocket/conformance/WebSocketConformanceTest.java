package io.bondy.transport.websocket.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Abort;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.RawWsConnection;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WampTestClient;
import io.bondy.transport.support.WsFrames.Length;
import io.bondy.transport.support.WsFrames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 conformance of the {@code /ws} endpoint, over raw sockets with every frame written by hand,
 * in the case categories of the Autobahn testsuite (numbers in the test names follow its sections):
 * framing and payload lengths (7, 16 and 64 bits), ping/pong, reserved bits, opcodes, fragmentation,
 * UTF-8 validation of text frames, the close handshake and close codes, limits, masking, and the
 * opening handshake. The payloads are WAMP messages (a HELLO padded to the length a case needs), since
 * a WAMP endpoint answers data, not echoes it: a message that arrives intact is answered by WELCOME.
 *
 * <p>Every case states what RFC 6455 requires; "fail the connection with N" means a close frame with
 * status N and then the end of the TCP connection. After each case a fresh session must still join.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketConformanceTest {

    private static final SerializerKind JSON = SerializerKind.JSON;
    private RunningServer server;

    @BeforeAll
    void start() {
        server = RunningServer.standard();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** Whatever a case did to its own connection, the router still serves a fresh one. */
    @AfterEach
    void routerStillServes() {
        try (RawWsConnection fresh = open(SerializerKind.MSGPACK)) {
            assertThat(fresh.join().session()).isPositive();
        }
    }

    // ---- 1. framing ----

    @ParameterizedTest(name = "1.1 a text message of {0} bytes ({1} length) arrives intact")
    @MethodSource("lengths")
    void textMessagesOfEveryLengthForm(int length, Length form) {
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(true, 0, WsFrames.TEXT, helloOf(JSON, length), true, form));
            assertThat(c.nextMessage(Welcome.class).session()).isPositive();
        }
    }

    @ParameterizedTest(name = "1.2 a binary message of {0} bytes ({1} length) arrives intact")
    @MethodSource("lengths")
    void binaryMessagesOfEveryLengthForm(int length, Length form) {
        try (RawWsConnection c = open(SerializerKind.MSGPACK)) {
            c.send(WsFrames.client(true, 0, WsFrames.BINARY, helloOf(SerializerKind.MSGPACK, length), true, form));
            assertThat(c.nextMessage(Welcome.class).session()).isPositive();
        }
    }

    static Stream<Arguments> lengths() {
        return Stream.of(Arguments.of(125, Length.MINIMAL), Arguments.of(126, Length.MINIMAL),
                Arguments.of(127, Length.MINIMAL), Arguments.of(65535, Length.MINIMAL),
                Arguments.of(TestConfigs.MAX_MESSAGE, Length.MINIMAL));
    }

    @Test
    void framingAFrameSentOneByteAtATimeArrivesIntact() {
        try (RawWsConnection c = open(JSON)) {
            c.sendInChops(WsFrames.client(WsFrames.TEXT, helloOf(JSON, 300)), 1);
            assertThat(c.nextMessage(Welcome.class).session()).isPositive();
        }
    }

    @Test
    void framingTwoFramesInOneWriteAreBothRead() {
        try (RawWsConnection c = open(JSON)) {
            byte[] hello = WsFrames.client(WsFrames.TEXT, helloOf(JSON, 200));
            byte[] ping = WsFrames.client(WsFrames.PING, "after".getBytes(StandardCharsets.UTF_8));
            c.send(concat(hello, ping));
            // the pong is written as the ping is read, the WELCOME once the session has handled HELLO
            WsFrames.Frame a = c.next();
            WsFrames.Frame b = c.next();
            assertThat(java.util.List.of(a.opcode(), b.opcode())).containsExactlyInAnyOrder(WsFrames.TEXT, WsFrames.PONG);
            assertThat((a.opcode() == WsFrames.PONG ? a : b).text()).isEqualTo("after");
        }
    }

    @Test
    void framingALengthNotInItsShortestFormFailsTheConnectionWith1002() {
        // RFC 6455 5.2: "the minimal number of bytes MUST be used to encode the length"; the server is strict
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(true, 0, WsFrames.TEXT, helloOf(JSON, 100), true, Length.BITS_16));
            assertFailed(c, 1002);
        }
    }

    @Test
    void framingA64BitLengthWithItsMostSignificantBitSetFailsTheConnectionWith1002() {
        // RFC 6455 5.2: "the most significant bit MUST be 0"
        try (RawWsConnection c = open(JSON)) {
            c.send(HexFormat.of().parseHex("81ff" + "8000000000000005" + "00000000" + "0102030405"));
            assertFailed(c, 1002);
        }
    }

    // ---- 2. pings and pongs ----

    @ParameterizedTest(name = "2.1 a ping of {0} bytes is answered by a pong with the same payload")
    @ValueSource(ints = {0, 1, 125})
    void pingsAreAnsweredWithTheirPayload(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 7); // binary, not UTF-8
        }
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.PING, payload));
            WsFrames.Frame pong = c.next();
            assertThat(pong.opcode()).isEqualTo(WsFrames.PONG);
            assertThat(pong.fin()).isTrue();
            assertThat(pong.payload()).isEqualTo(payload);
        }
    }

    @Test
    void pingsAPingOf126BytesFailsTheConnectionWith1002() {
        // RFC 6455 5.5: "All control frames MUST have a payload length of 125 bytes or less"
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.PING, new byte[126]));
            assertFailed(c, 1002);
        }
    }

    @Test
    void pingsAnUnsolicitedPongIsIgnored() {
        // RFC 6455 5.5.3: "A response to an unsolicited Pong frame is not expected"
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.PONG, "unsolicited".getBytes(StandardCharsets.UTF_8)));
            c.send(WsFrames.client(WsFrames.TEXT, helloOf(JSON, 150)));
            assertThat(c.nextMessage(Welcome.class).session()).isPositive();
        }
    }

    @Test
    void pingsTenPingsAreAnsweredByTenPongsInOrder() {
        try (RawWsConnection c = open(JSON)) {
            ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < 10; i++) {
                pings.writeBytes(WsFrames.client(WsFrames.PING, ("ping " + i).getBytes(StandardCharsets.UTF_8)));
            }
            c.send(pings.toByteArray());
            for (int i = 0; i < 10; i++) {
                WsFrames.Frame pong = c.next();
                assertThat(pong.opcode()).isEqualTo(WsFrames.PONG);
                assertThat(pong.text()).isEqualTo("ping " + i);
            }
        }
    }

    @Test
    void pingsAPingSentOneByteAtATimeIsAnswered() {
        try (RawWsConnection c = open(JSON)) {
            c.sendInChops(WsFrames.client(WsFrames.PING, "chopped".getBytes(StandardCharsets.UTF_8)), 1);
            assertThat(c.next().text()).isEqualTo("chopped");
        }
    }

    // ---- 3. reserved bits ----

    @ParameterizedTest(name = "3.x RSV {0} on a {1} frame fails the connection with 1002")
    @MethodSource("reservedBits")
    void reservedBitsWithoutAnExtensionFailTheConnection(int rsv, String what, int opcode) {
        // RFC 6455 5.2: "If a nonzero value is received and none of the negotiated extensions defines the
        // meaning of such a nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_"
        try (RawWsConnection c = open(JSON)) {
            byte[] payload = opcode == WsFrames.CLOSE ? WsFrames.closePayload(1000, "") : opcode == WsFrames.TEXT
                    ? helloOf(JSON, 150) : "x".getBytes(StandardCharsets.UTF_8);
            c.send(WsFrames.client(true, rsv, opcode, payload, true, Length.MINIMAL));
            assertFailed(c, 1002);
        }
    }

    static Stream<Arguments> reservedBits() {
        return IntStream.rangeClosed(1, 7).boxed().flatMap(rsv -> Stream.of(
                Arguments.of(rsv, "text", WsFrames.TEXT), Arguments.of(rsv, "binary", WsFrames.BINARY),
                Arguments.of(rsv, "ping", WsFrames.PING), Arguments.of(rsv, "close", WsFrames.CLOSE)));
    }

    @Test
    void reservedBitsOnAFrameAfterAnAnsweredMessageFailTheConnection() {
        try (RawWsConnection c = open(JSON)) {
            c.join();
            c.send(WsFrames.client(true, 2, WsFrames.PING, new byte[0], true, Length.MINIMAL));
            assertFailed(c, 1002);
        }
    }

    // ---- 4. opcodes ----

    @ParameterizedTest(name = "4.x the reserved opcode 0x{0} fails the connection with 1002")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodesFailTheConnection(int opcode) {
        // RFC 6455 5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_"
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(true, 0, opcode, "x".getBytes(StandardCharsets.UTF_8), true, Length.MINIMAL));
            assertFailed(c, 1002);
        }
    }

    @Test
    void opcodesAReservedOpcodeAfterAnAnsweredMessageFailsTheConnection() {
        try (RawWsConnection c = open(JSON)) {
            c.join();
            c.send(WsFrames.client(true, 0, 0xB, new byte[0], true, Length.MINIMAL));
            assertFailed(c, 1002);
        }
    }

    // ---- 5. fragmentation ----

    @ParameterizedTest(name = "5.1 a fragmented {0} frame fails the connection with 1002")
    @ValueSource(ints = {WsFrames.PING, WsFrames.PONG, WsFrames.CLOSE})
    void fragmentedControlFramesFailTheConnection(int opcode) {
        // RFC 6455 5.5: "Control frames ... MUST NOT be fragmented"
        try (RawWsConnection c = open(JSON)) {
            byte[] first = opcode == WsFrames.CLOSE ? WsFrames.closePayload(1000, "") : "frag".getBytes(StandardCharsets.UTF_8);
            c.send(concat(WsFrames.client(false, opcode, first),
                    WsFrames.client(true, WsFrames.CONTINUATION, "ment".getBytes(StandardCharsets.UTF_8))));
            assertFailed(c, 1002);
        }
    }

    @ParameterizedTest(name = "5.3 a message in {0} fragments is reassembled")
    @ValueSource(ints = {2, 3, 50})
    void fragmentedMessagesAreReassembled(int fragments) {
        try (RawWsConnection c = open(JSON)) {
            c.send(fragments(helloOf(JSON, 150), fragments, null));
            assertThat(c.nextMessage(Welcome.class).session()).isPositive();
        }
    }

    @Test
    void fragmentationAPingBetweenFragmentsIsAnsweredAndTheMessageStillReassembled() {
        // RFC 6455 5.4: "An endpoint MUST be capable of handling control frames in the middle of a fragmented message"
        try (RawWsConnection c = open(JSON)) {
            c.send(fragments(helloOf(JSON, 150), 2, WsFrames.client(WsFrames.PING, "between".getBytes(StandardCharsets.UTF_8))));
            WsFrames.Frame pong = c.next();
            assertThat(pong.opcode()).isEqualTo(WsFrames.PONG);
            assertThat(pong.text()).isEqualTo("between");
            assertThat(c.nextMessage(Welcome.class).session()).isPositive();
        }
    }

    @Test
    void fragmentationFragmentsSentOneByteAtATimeWithPingsBetweenAreReassembled() {
        try (RawWsConnection c = open(JSON)) {
            c.sendInChops(fragments(helloOf(JSON, 150), 3, WsFrames.client(WsFrames.PING, new byte[0])), 1);
            assertThat(c.next().opcode()).isEqualTo(WsFrames.PONG);
            assertThat(c.next().opcode()).isEqualTo(WsFrames.PONG);
            assertThat(c.nextMessage(Welcome.class).session()).isPositive();
        }
    }

    @ParameterizedTest(name = "5.9 a continuation frame (fin {0}) with nothing to continue fails the connection with 1002")
    @ValueSource(booleans = {true, false})
    void aContinuationWithoutAStartFailsTheConnection(boolean fin) {
        // RFC 6455 5.4: a fragmented message starts with a frame whose opcode is not 0
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(fin, WsFrames.CONTINUATION, helloOf(JSON, 150)));
            assertFailed(c, 1002);
        }
    }

    @Test
    void fragmentationANewMessageBeforeTheLastFragmentFailsTheConnectionWith1002() {
        // RFC 6455 5.4: fragments of one message "MUST NOT be interleaved" with another data message
        try (RawWsConnection c = open(JSON)) {
            byte[] hello = helloOf(JSON, 150);
            c.send(concat(WsFrames.client(false, WsFrames.TEXT, java.util.Arrays.copyOf(hello, 50)),
                    WsFrames.client(WsFrames.TEXT, hello)));
            assertFailed(c, 1002);
        }
    }

    // ---- 6. UTF-8 ----

    @Test
    void utf8ValidMultiByteTextArrivesIntact() {
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.TEXT, jsonHello("\u03ba\u1f79\u03c3\u03bc\u03b5 \u20ac \ud834\udd1e")));
            assertThat(c.nextMessage(Welcome.class).session()).isPositive();
        }
    }

    @Test
    void utf8ACodePointSplitAcrossFragmentsArrivesIntact() {
        byte[] hello = jsonHello("\ud834\udd1e");
        int split = indexOf(hello, (byte) 0xF0) + 2; // inside the 4-byte sequence
        try (RawWsConnection c = open(JSON)) {
            c.send(concat(WsFrames.client(false, WsFrames.TEXT, java.util.Arrays.copyOf(hello, split)),
                    WsFrames.client(true, WsFrames.CONTINUATION, java.util.Arrays.copyOfRange(hello, split, hello.length))));
            assertThat(c.nextMessage(Welcome.class).session()).isPositive();
        }
    }

    @ParameterizedTest(name = "6.x invalid UTF-8 {0} in a text frame fails the connection with 1007")
    @ValueSource(strings = {"eda080", "edbfbf", "c0af", "e080af", "f4908080", "f8888080af", "fe", "ff", "80", "c0",
            "cebae1bdb9cf83cebcceb5eda080656469746564", "cebae1bd"})
    void invalidUtf8InATextFrameFailsTheConnection(String invalid) {
        // RFC 6455 8.1: "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream
        // is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_" (7.4.1: 1007)
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.TEXT, withInvalidAgent(invalid)));
            assertFailed(c, 1007);
        }
    }

    @Test
    void utf8InvalidUtf8InALaterFragmentFailsTheConnectionWith1007() {
        byte[] text = withInvalidAgent("eda080");
        int split = indexOf(text, (byte) 0xED);
        try (RawWsConnection c = open(JSON)) {
            c.send(concat(WsFrames.client(false, WsFrames.TEXT, java.util.Arrays.copyOf(text, split)),
                    WsFrames.client(true, WsFrames.CONTINUATION, java.util.Arrays.copyOfRange(text, split, text.length))));
            assertFailed(c, 1007);
        }
    }

    // ---- 7. close handshake ----

    @ParameterizedTest(name = "7.7 a close with the valid code {0} is answered with a close and the end of the connection")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
    void closesWithValidCodesAreAnswered(int code) {
        // RFC 6455 5.5.1: the endpoint "MUST send a Close frame in response ... typically echoing the status code"
        try (RawWsConnection c = open(JSON)) {
            c.join();
            c.send(WsFrames.client(WsFrames.CLOSE, WsFrames.closePayload(code, "bye")));
            WsFrames.Frame close = c.next();
            assertThat(close.isClose()).as("a close frame answers, not %s", close).isTrue();
            assertThat(close.closeCode()).isIn(code, 1000);
            assertThat(c.awaitEnd()).isTrue();
        }
    }

    @Test
    void closeAnEmptyCloseIsAnswered() {
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.CLOSE, new byte[0]));
            WsFrames.Frame close = c.next();
            assertThat(close.isClose()).isTrue();
            assertThat(close.closeCode()).isIn(1000, 1005);
            assertThat(c.awaitEnd()).isTrue();
        }
    }

    @Test
    void closeTheLongestReasonIsAnswered() {
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.CLOSE, WsFrames.closePayload(1000, "r".repeat(123))));
            assertThat(c.next().closeCode()).isEqualTo(1000);
            assertThat(c.awaitEnd()).isTrue();
        }
    }

    @Test
    void closeAMessageAfterTheCloseIsNotProcessed() {
        // RFC 6455 5.5.1: after sending a Close frame, an endpoint "MUST NOT send any more data frames"
        try (RawWsConnection c = open(JSON)) {
            c.send(concat(WsFrames.client(WsFrames.CLOSE, WsFrames.closePayload(1000, "")),
                    WsFrames.client(WsFrames.TEXT, helloOf(JSON, 150))));
            WsFrames.Frame close = c.next();
            assertThat(close.isClose()).as("no WELCOME, a close: %s", close).isTrue();
            assertThat(c.awaitEnd()).isTrue();
        }
    }

    @Test
    void closeAOneByteCloseFailsTheConnectionWith1002() {
        // RFC 6455 5.5.1: a close body, if present, starts with a 2-byte status code
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.CLOSE, new byte[] {0x03}));
            assertFailed(c, 1002);
        }
    }

    @Test
    void closeAReasonOver123BytesFailsTheConnectionWith1002() {
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.CLOSE, WsFrames.closePayload(1000, "r".repeat(124))));
            assertFailed(c, 1002);
        }
    }

    @Test
    void closeAReasonThatIsNotUtf8FailsTheConnectionWith1007() {
        // RFC 6455 5.5.1: the reason "is not guaranteed to be human readable" but is UTF-8 (8.1)
        byte[] payload = concat(WsFrames.closePayload(1000, ""), HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080656469746564"));
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.CLOSE, payload));
            assertFailed(c, 1007);
        }
    }

    @ParameterizedTest(name = "7.9 a close with the invalid code {0} fails the connection with 1002")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999})
    void closesWithInvalidCodesFailTheConnection(int code) {
        // RFC 6455 7.4.1 / 7.4.2: 1004-1006 and 1015 must not be sent; 0-999 and 1016-2999 are not used
        // (1012-1014, registered with IANA since, are left out)
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.CLOSE, WsFrames.closePayload(code, "")));
            assertFailed(c, 1002);
        }
    }

    @ParameterizedTest(name = "7.13 a close with the code {0}, beyond RFC 6455's ranges, is answered and the connection ends")
    @ValueSource(ints = {5000, 65535})
    void closesWithCodesBeyondTheRangesAreAnswered(int code) {
        // RFC 6455 defines nothing above 4999 and Autobahn reports these cases without a verdict; the server
        // (Netty) takes them as application codes: it echoes the close and ends the connection
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.CLOSE, WsFrames.closePayload(code, "")));
            assertThat(c.next().isClose()).isTrue();
            assertThat(c.awaitEnd()).isTrue();
        }
    }

    @Test
    void closeTheServerClosesAfterAWampProtocolViolationWithACloseFrame() {
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.TEXT, "[999]".getBytes(StandardCharsets.UTF_8)));
            c.nextMessage(Abort.class);
            WsFrames.Frame close = c.next();
            assertThat(close.isClose()).isTrue();
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(c.awaitEnd()).isTrue();
        }
    }

    // ---- 9. limits ----

    @Test
    void limitsASingleFrameOverTheMaximumFailsTheConnectionWith1009() {
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(WsFrames.TEXT, helloOf(JSON, TestConfigs.MAX_MESSAGE + 1)));
            assertFailed(c, 1009);
        }
    }

    @Test
    void limitsFragmentsGrowingOverTheMaximumFailTheConnectionWith1009() {
        try (RawWsConnection c = open(JSON)) {
            c.send(fragments(helloOf(JSON, TestConfigs.MAX_MESSAGE + 1), 4, null));
            assertFailed(c, 1009);
        }
    }

    // ---- 10. masking ----

    @Test
    void maskingAnUnmaskedFrameFromTheClientFailsTheConnectionWith1002() {
        // RFC 6455 5.1: "The server MUST close the connection upon receiving a frame that is not masked"
        // (and 7.4.1: 1002 is the code for a protocol error)
        try (RawWsConnection c = open(JSON)) {
            c.send(WsFrames.client(true, 0, WsFrames.TEXT, helloOf(JSON, 150), false, Length.MINIMAL));
            assertFailed(c, 1002);
        }
    }

    // ---- opening handshake (RFC 6455 4.2) ----

    @Test
    void handshakeTheAcceptKeyIsTheDigestOfTheClientsKey() throws Exception {
        try (RawWsConnection c = open(JSON)) {
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    ("dGhlIHNhbXBsZSBub25jZQ==" + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            assertThat(c.handshakeResponse()).containsIgnoringCase("Sec-WebSocket-Accept: " + accept)
                    .containsIgnoringCase("Sec-WebSocket-Protocol: wamp.2.json");
        }
    }

    @Test
    void handshakeAnUnknownVersionIsRefusedWithTheVersionsSpoken() {
        // RFC 6455 4.4: answer with "Sec-WebSocket-Version" listing the versions the server speaks (426 per 4.2.2)
        String request = RawHttp.upgrade(TestConfigs.PATH, "Sec-WebSocket-Protocol: wamp.2.json\r\n")
                .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 99");
        try (RawWsConnection c = RawWsConnection.request(server.webSocketPort(), JSON, request)) {
            assertThat(c.handshakeResponse()).startsWith("HTTP/1.1 426").containsIgnoringCase("Sec-WebSocket-Version: 13");
        }
    }

    @Test
    void handshakeWithoutAKeyIsRefused() {
        String request = RawHttp.upgrade(TestConfigs.PATH, "Sec-WebSocket-Protocol: wamp.2.json\r\n")
                .replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "");
        try (RawWsConnection c = RawWsConnection.request(server.webSocketPort(), JSON, request)) {
            assertThat(c.handshakeResponse()).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void handshakeHeaderTokensAreCaseInsensitiveAndConnectionMayListSeveral() {
        String request = RawHttp.upgrade(TestConfigs.PATH, "Sec-WebSocket-Protocol: wamp.2.json\r\n")
                .replace("Upgrade: websocket", "Upgrade: WebSocket")
                .replace("Connection: Upgrade", "Connection: keep-alive, upgrade");
        try (RawWsConnection c = RawWsConnection.request(server.webSocketPort(), JSON, request)) {
            assertThat(c.handshakeResponse()).startsWith("HTTP/1.1 101");
            assertThat(c.join().session()).isPositive();
        }
    }

    // ---- helpers ----

    private RawWsConnection open(SerializerKind kind) {
        return RawWsConnection.open(server.webSocketPort(), kind);
    }

    /**
     * The server failed the connection as RFC 6455 7.1.7 says: a close frame with {@code code}, then the
     * end of the TCP connection. Data frames and pongs before the close are skipped.
     */
    private static void assertFailed(RawWsConnection c, int code) {
        WsFrames.Frame frame;
        do {
            frame = c.nextOrEnd();
            assertThat(frame).as("a close frame with %d before the connection ends", code).isNotNull();
        } while (!frame.isClose());
        assertThat(frame.closeCode()).as("close code (reason: %s)", frame.payload().length > 2
                ? new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8) : "").isEqualTo(code);
        assertThat(c.awaitEnd()).isTrue();
    }

    /** A HELLO for realm1 of exactly {@code length} bytes in {@code kind}, padded through its agent string. */
    private static byte[] helloOf(SerializerKind kind, int length) {
        int pad = Math.max(0, length - helloWithAgent(kind, "").length);
        for (int attempt = 0; attempt < 8; attempt++) {
            byte[] hello = helloWithAgent(kind, "a".repeat(pad));
            if (hello.length == length) {
                return hello;
            }
            pad += length - hello.length;
            if (pad < 0) {
                break;
            }
        }
        throw new IllegalArgumentException("no HELLO of exactly " + length + " bytes in " + kind);
    }

    private static byte[] helloWithAgent(SerializerKind kind, String agent) {
        Map<String, Object> details = new LinkedHashMap<>(WampTestClient.hello().details());
        details.put("agent", agent);
        return Serializers.of(kind).encode(new Hello("realm1", details));
    }

    /** A JSON HELLO written by hand, its agent in raw UTF-8 (the router's writer escapes what is not ASCII). */
    private static byte[] jsonHello(String agent) {
        return ("[1,\"realm1\",{\"roles\":{\"caller\":{}},\"agent\":\"" + agent + "\"}]").getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON HELLO whose agent string contains the (invalid) UTF-8 bytes given in hex. */
    private static byte[] withInvalidAgent(String hex) {
        byte[] hello = jsonHello("~");
        int at = indexOf(hello, (byte) '~');
        return concat(java.util.Arrays.copyOf(hello, at), HexFormat.of().parseHex(hex),
                java.util.Arrays.copyOfRange(hello, at + 1, hello.length));
    }

    /** {@code message} as a text message in {@code n} fragments, with {@code between} (a control frame) after each but the last. */
    private static byte[] fragments(byte[] message, int n, byte[] between) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int size = (message.length + n - 1) / n;
        for (int i = 0; i < n; i++) {
            int from = Math.min(message.length, i * size);
            int to = i == n - 1 ? message.length : Math.min(message.length, from + size);
            out.writeBytes(WsFrames.client(i == n - 1, i == 0 ? WsFrames.TEXT : WsFrames.CONTINUATION,
                    java.util.Arrays.copyOfRange(message, from, to)));
            if (between != null && i < n - 1) {
                out.writeBytes(between);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("no byte " + b);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
