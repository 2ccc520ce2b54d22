package io.bondy.core.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.bondy.core.message.Call;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.ProtocolViolationException;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the three serializers behave on hostile or unusual input: every malformed frame is a
 * {@link ProtocolViolationException} with a useful message, never another exception, never a hang
 * or a stack overflow; and what they write is what the spec and other peers expect.
 */
class SerializerRobustnessTest {

    private static final long TWO_TO_53 = 1L << 53;

    // ---- malformed frames ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void anEmptyFrameIsAProtocolViolation(SerializerKind kind) {
        assertViolation(kind, new byte[0], "empty");
    }

    static Stream<Arguments> malformedFrames() {
        return Stream.of(
                arguments(SerializerKind.JSON, "an unclosed array", text("[48, 1, {}")),
                arguments(SerializerKind.JSON, "not JSON at all", text("hello")),
                arguments(SerializerKind.JSON, "invalid UTF-8", hex("5b22ff225d")),
                arguments(SerializerKind.JSON, "a bare key", text("[48,1,{a:1},\"p\"]")),
                arguments(SerializerKind.JSON, "a trailing comma", text("[48,1,{},\"p\",]")),
                arguments(SerializerKind.MSGPACK, "the never-used byte 0xc1", hex("c1")),
                arguments(SerializerKind.MSGPACK, "an array shorter than its header", hex("940101")),
                arguments(SerializerKind.MSGPACK, "a str 32 declaring 2 GiB", hex("91db7fffffff")),
                arguments(SerializerKind.MSGPACK, "a bin 32 declaring 4 GiB", hex("91c6ffffffff")),
                arguments(SerializerKind.MSGPACK, "an array 32 declaring 4 billion items", hex("ddffffffff01")),
                arguments(SerializerKind.MSGPACK, "an extension type", hex("9230d40100")),
                arguments(SerializerKind.CBOR, "a lone break byte", hex("ff")),
                arguments(SerializerKind.CBOR, "an array shorter than its header", hex("840101")),
                arguments(SerializerKind.CBOR, "a text string declaring 2 GiB", hex("817a7fffffff")),
                arguments(SerializerKind.CBOR, "an unterminated indefinite array", hex("9f1830")),
                arguments(SerializerKind.CBOR, "an unassigned simple value", hex("8218f0f0")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedFrames")
    void malformedBytesAreAProtocolViolation(SerializerKind kind, String what, byte[] bytes) {
        assertThatThrownBy(() -> serializer(kind).decode(bytes))
                .isInstanceOf(ProtocolViolationException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void everyTruncationOfAValidFrameIsAProtocolViolation(SerializerKind kind) {
        byte[] frame = serializer(kind).encode(sampleCall());
        for (int length = 1; length < frame.length; length++) {
            int cut = length;
            assertThatThrownBy(() -> serializer(kind).decode(frame, 0, cut))
                    .as("first %d of %d bytes", cut, frame.length)
                    .isInstanceOf(ProtocolViolationException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void trailingGarbageAfterTheMessageIsAProtocolViolation(SerializerKind kind) {
        byte[] frame = serializer(kind).encode(sampleCall());
        byte[] withGarbage = Arrays.copyOf(frame, frame.length + 1);
        assertViolation(kind, withGarbage, "trailing");
        if (kind == SerializerKind.JSON) {
            assertViolation(kind, text("[70,1,{}] []"), "trailing");
            assertViolation(kind, text("[70,1,{}]x"), "trailing");
            assertThatCode(() -> serializer(kind).decode(text(" [70,1,{}] \n"))).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void aDictInsteadOfAnArrayIsAProtocolViolation(SerializerKind kind) {
        byte[] dict = switch (kind) {
            case JSON -> text("{\"type\":48}");
            case MSGPACK -> hex("81a47479706530");
            case CBOR -> hex("a164747970651830");
        };
        assertViolation(kind, dict, "must be an array");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void aScalarInsteadOfAnArrayIsAProtocolViolation(SerializerKind kind) {
        byte[] scalar = switch (kind) {
            case JSON -> text("48");
            case MSGPACK -> hex("30");
            case CBOR -> hex("1830");
        };
        assertViolation(kind, scalar, "must be an array");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void nonStringMapKeysAreAProtocolViolation(SerializerKind kind) {
        // [48, 1, {1: "x"}, "p"]
        byte[] frame = switch (kind) {
            case JSON -> text("[48,1,{1:\"x\"},\"p\"]");
            case MSGPACK -> hex("94300181" + "01" + "a178" + "a170");
            case CBOR -> hex("84183001a1" + "01" + "6178" + "6170");
        };
        assertThatThrownBy(() -> serializer(kind).decode(frame)).isInstanceOf(ProtocolViolationException.class);
        if (kind == SerializerKind.CBOR) {
            // a byte-string key, which the CBOR parser would otherwise turn into text
            assertViolation(kind, hex("84183001a1" + "4161" + "6178" + "6170"), "keys must be text strings");
        }
        if (kind == SerializerKind.MSGPACK) {
            assertViolation(kind, frame, "keys must be strings");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void duplicateDictKeysAreAProtocolViolation(SerializerKind kind) {
        byte[] frame = switch (kind) {
            case JSON -> text("[16,1,{\"exclude_me\":true,\"exclude_me\":false},\"t\"]");
            case MSGPACK -> hex("94100182" + "aa6578636c7564655f6d65c3" + "aa6578636c7564655f6d65c2" + "a174");
            case CBOR -> hex("841001a2" + "6a6578636c7564655f6d65f5" + "6a6578636c7564655f6d65f4" + "6174");
        };
        assertViolation(kind, frame, "duplicate key 'exclude_me'");
    }

    @Test
    void aJsonStringStartingWithNulThatIsNotBase64IsAProtocolViolation() {
        assertViolation(SerializerKind.JSON, text("[48,1,{},\"p\",[\"\\u0000not base64!\"]]"), "Base64");
        assertViolation(SerializerKind.JSON, text("[48,1,{},\"p\",[\"\\u0000\u00e9\u00e9\u00e9\u00e9\"]]"), "Base64");
    }

    @Test
    void aJsonStringWithAnUnpairedSurrogateEscapeIsAProtocolViolation() {
        // found by bench/fuzz.sh (seed 7703403429698739410): "\uD83D" alone decoded, then became '?' for a
        // MessagePack peer
        assertViolation(SerializerKind.JSON, text("[48,1,{},\"p\",[\"a\\uD83Db\"]]"), "unpaired surrogate");
        assertViolation(SerializerKind.JSON, text("[48,1,{},\"p\",[\"\\uDE00\"]]"), "unpaired surrogate");
        // in a key, Jackson refuses it itself ("Broken surrogate pair in field name")
        assertViolation(SerializerKind.JSON, text("[48,1,{\"k\\uD83D\":1},\"p\"]"), "surrogate");
        assertViolation(SerializerKind.JSON, text("[48,1,{},\"p\",[],{\"x\":\"\\uD83D\"}]"), "unpaired surrogate");
    }

    @Test
    void aJsonNumberBeyondTheRangeOfADoubleIsAProtocolViolation() {
        // found by bench/fuzz.sh (seed 7703403429698739410): -45e6668 became -Infinity, written back as "-Infinity"
        assertViolation(SerializerKind.JSON, text("[48,1,{},\"p\",[-45e6668]]"), "beyond the range of a 64-bit float");
        assertViolation(SerializerKind.JSON, text("[48,1,{\"x\":1e400},\"p\"]"), "beyond the range of a 64-bit float");
        WampMessage call = serializer(SerializerKind.JSON).decode(text("[48,1,{},\"p\",[1.5e308,-4.9e-324]]"));
        assertThat(serializer(SerializerKind.JSON).decode(serializer(SerializerKind.JSON).encode(call))).isEqualTo(call);
    }

    @Test
    void aJsonSurrogatePairEscapeIsText() {
        WampMessage call = serializer(SerializerKind.JSON).decode(text("[48,1,{},\"p\",[\"\\uD83D\\uDE00\"]]"));
        assertThat(call).isEqualTo(new Call(1, Map.of(), "p", Payload.of(List.of("\uD83D\uDE00"), null)));
        byte[] msgpack = serializer(SerializerKind.MSGPACK).encode(call);
        assertThat(serializer(SerializerKind.MSGPACK).decode(msgpack)).isEqualTo(call);
    }

    // ---- WAMP-level validation through every serializer ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void unknownMessageType999IsAProtocolViolation(SerializerKind kind) {
        assertViolation(kind, wire(kind, 999, 1, Map.of()), "unknown message type 999");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void wrongArityIsAProtocolViolation(SerializerKind kind) {
        assertViolation(kind, wire(kind, 48, 1, Map.of()), "CALL has 3 elements");
        assertViolation(kind, wire(kind, 48, 1, Map.of(), "p", List.of(), Map.of(), "extra"), "CALL has 7 elements");
        assertViolation(kind, wire(kind), "non-empty array");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void aNonIntegerRequestIdIsAProtocolViolation(SerializerKind kind) {
        assertViolation(kind, wire(kind, 48, "1", Map.of(), "p"), "Request must be an integer");
        assertViolation(kind, wire(kind, 48, 1.5, Map.of(), "p"), "Request must be an integer");
        assertViolation(kind, wire(kind, 48, 9.007199254740994E15, Map.of(), "p"), "Request must be an integer");
        assertViolation(kind, wire(kind, 48, true, Map.of(), "p"), "Request must be an integer");
        assertViolation(kind, wire(kind, 48, null, Map.of(), "p"), "Request must be an integer");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void anIdAboveTwoToThe53IsAProtocolViolation(SerializerKind kind) {
        assertViolation(kind, wire(kind, 48, TWO_TO_53 + 1, Map.of(), "p"), "outside the ID range");
        assertViolation(kind, wire(kind, 48, Long.MAX_VALUE, Map.of(), "p"), "outside the ID range");
        assertViolation(kind, wire(kind, 48, BigInteger.ONE.shiftLeft(63), Map.of(), "p"), "Request");
        assertThat(((Call) serializer(kind).decode(wire(kind, 48, TWO_TO_53, Map.of(), "p"))).requestId())
                .isEqualTo(TWO_TO_53);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void aNegativeIdIsAProtocolViolation(SerializerKind kind) {
        assertViolation(kind, wire(kind, 48, -1, Map.of(), "p"), "outside the ID range");
        assertViolation(kind, wire(kind, 48, Long.MIN_VALUE, Map.of(), "p"), "outside the ID range");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void anErrorRequestTypeBeyondTheIntRangeIsAProtocolViolationNotTruncated(SerializerKind kind) {
        long callPlusTwoTo32 = (1L << 32) + 48;
        assertViolation(kind, wire(kind, 8, callPlusTwoTo32, 1, Map.of(), "e"), "REQUEST.Type 4294967344");
        assertViolation(kind, wire(kind, 8, -48, 1, Map.of(), "e"), "REQUEST.Type -48");
    }

    // ---- nesting ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void nestingUpTo64LevelsIsAccepted(SerializerKind kind) {
        // the message array is level 1, Arguments level 2, then 62 more
        WampMessage message = serializer(kind).decode(deeplyNested(kind, ValueReader.MAX_DEPTH - 1));
        assertThat(message).isInstanceOf(Call.class);
        assertThat(serializer(kind).encode(message)).isEqualTo(deeplyNested(kind, ValueReader.MAX_DEPTH - 1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void nestingDeeperThan64LevelsIsAProtocolViolation(SerializerKind kind) {
        assertViolation(kind, deeplyNested(kind, ValueReader.MAX_DEPTH), "nested deeper than 64");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void aMillionNestedArraysAreRejectedQuicklyWithoutOverflowingTheStack(SerializerKind kind) {
        byte[] hostile = deeplyNested(kind, 1_000_000);
        long start = System.nanoTime();
        assertViolation(kind, hostile, "nested deeper than 64");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void encodingRefusesWhatDecodingWouldReject(SerializerKind kind) {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        Call call = new Call(1, Map.of(), "p", Payload.of(cycle));
        assertThatThrownBy(() -> serializer(kind).encode(call))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper than 64");
    }

    // ---- value types ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void numbersDecodeToIntegerLongBigIntegerOrDouble(SerializerKind kind) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("int", 5);
        kwargs.put("long", 1L << 40);
        kwargs.put("longButSmall", 7L);
        kwargs.put("negative", -(1L << 40));
        kwargs.put("beyondLong", BigInteger.ONE.shiftLeft(63));
        kwargs.put("double", 2.5);
        kwargs.put("integralDouble", 3.0);
        List<Object> decoded = wireOf(kind, serializer(kind).encode(
                new Call(1, Map.of(), "p", Payload.of(List.of(), kwargs))));
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) decoded.get(5);
        assertThat(values).isInstanceOf(LinkedHashMap.class);
        assertThat(values.keySet()).containsExactlyElementsOf(kwargs.keySet());
        assertThat(values.get("int")).isEqualTo(5);
        assertThat(values.get("long")).isEqualTo(1L << 40);
        assertThat(values.get("longButSmall")).isEqualTo(7);
        assertThat(values.get("negative")).isEqualTo(-(1L << 40));
        assertThat(values.get("beyondLong")).isEqualTo(BigInteger.ONE.shiftLeft(63));
        assertThat(values.get("double")).isEqualTo(2.5);
        assertThat(values.get("integralDouble")).isEqualTo(3.0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SerializerKind.class, names = {"JSON", "CBOR"})
    void integersBeyond64BitsAreAProtocolViolation(SerializerKind kind) {
        // JSON numbers and CBOR bignums can be that large, MessagePack cannot carry them (found by SerializerFuzzTest)
        for (BigInteger beyond : List.of(BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(63).negate()
                .subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(64).negate(), BigInteger.TEN.pow(30))) {
            byte[] frame = kind == SerializerKind.JSON ? text("[48,1,{},\"p\",[" + beyond + "]]")
                    : CborBignum.call(beyond);
            assertViolation(kind, frame, "beyond 64 bits");
        }
        for (BigInteger edge : List.of(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
                BigInteger.valueOf(Long.MIN_VALUE))) {
            byte[] frame = kind == SerializerKind.JSON ? text("[48,1,{},\"p\",[" + edge + "]]") : CborBignum.call(edge);
            Call call = (Call) serializer(kind).decode(frame);
            assertThat(PlainValues.normalize(((Payload.Arguments) call.payload()).args()))
                    .isEqualTo(List.of(edge));
            assertThatCode(() -> serializer(SerializerKind.MSGPACK).encode(call)).doesNotThrowAnyException();
        }
    }

    /**
     * {@code [48, 1, {}, "p", [N]]} in CBOR: N as a negative integer (major type 1, 64-bit argument)
     * from -2^64 to -1, otherwise as a positive bignum (tag 2). (Not tag 3: Jackson's CBOR parser reads a
     * negative bignum as -n instead of -1 - n.)
     */
    private static final class CborBignum {
        static byte[] call(BigInteger n) {
            String number;
            if (n.signum() < 0) {
                BigInteger argument = n.negate().subtract(BigInteger.ONE);
                number = "3b" + String.format("%016x", argument.longValue());
            } else {
                byte[] magnitude = n.toByteArray();
                int skip = magnitude[0] == 0 ? 1 : 0;
                number = "c2" + String.format("%02x", 0x40 + magnitude.length - skip)
                        + HexFormat.of().formatHex(magnitude, skip, magnitude.length);
            }
            return hex("85" + "1830" + "01" + "a0" + "6170" + "81" + number);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void integersAreWrittenInTheirShortestForm(SerializerKind kind) {
        byte[] encoded = serializer(kind).encode(new Result(5L, Map.of(), Payload.of(List.of(0, -1, 255, 1L << 32))));
        String expected = switch (kind) {
            case JSON -> HexFormat.of().formatHex(text("[50,5,{},[0,-1,255,4294967296]]"));
            case MSGPACK -> "943205" + "80" + "94" + "00" + "ff" + "ccff" + "cf0000000100000000";
            case CBOR -> "841832" + "05" + "a0" + "84" + "00" + "20" + "18ff" + "1b0000000100000000";
        };
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(expected);
    }

    @Test
    void binaryValuesRoundTripAtAnyDepthInJsonAsNulPlusBase64() {
        byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        String base64 = Base64.getEncoder().encodeToString(bytes);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner", List.of(bytes));
        Publish publish = new Publish(7, Map.of(), "t", Payload.of(List.of(bytes, nested), Map.of("blob", bytes)));

        byte[] encoded = serializer(SerializerKind.JSON).encode(publish);

        String json = new String(encoded, StandardCharsets.UTF_8);
        String binary = "\"\\u0000" + base64 + "\"";
        assertThat(json).isEqualTo("[16,7,{},\"t\",[" + binary + ",{\"inner\":[" + binary + "]}],{\"blob\":" + binary + "}]");
        WampMessage decoded = serializer(SerializerKind.JSON).decode(encoded);
        assertThat(PlainValues.normalize(decoded.toWire())).isEqualTo(PlainValues.normalize(publish.toWire()));
    }

    @Test
    void aTransparentPayloadIsAJsonBinaryStringWithPadding() {
        Event event = new Event(1, 2, Map.of("enc_algo", "cryptobox"), new Payload.Transparent(new byte[] {1, 2, 3, 4}));

        byte[] encoded = serializer(SerializerKind.JSON).encode(event);

        assertThat(new String(encoded, StandardCharsets.UTF_8))
                .isEqualTo("[36,1,2,{\"enc_algo\":\"cryptobox\"},\"\\u0000AQIDBA==\"]");
        assertThat(serializer(SerializerKind.JSON).decode(encoded)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SerializerKind.class, names = {"MSGPACK", "CBOR"})
    void binaryValuesAreNativeInMsgPackAndCbor(SerializerKind kind) {
        byte[] bytes = {0, 1, 2};
        Result result = new Result(1, Map.of(), Payload.of(List.of(Map.of("b", bytes))));

        byte[] encoded = serializer(kind).encode(result);

        String header = kind == SerializerKind.MSGPACK ? "c403" : "43";
        assertThat(HexFormat.of().formatHex(encoded)).endsWith(header + "000102");
        assertThat(PlainValues.normalize(serializer(kind).decode(encoded).toWire()))
                .isEqualTo(PlainValues.normalize(result.toWire()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void aResultWithoutKwargsNeverWritesNullKwargs(SerializerKind kind) {
        assertThat(wireOf(kind, serializer(kind).encode(new Result(1, Map.of(), Payload.of(List.of("x"))))))
                .containsExactly(50, 1, Map.of(), List.of("x"));
        assertThat(wireOf(kind, serializer(kind).encode(new Result(1, Map.of(), Payload.of(List.of("x"), Map.of())))))
                .containsExactly(50, 1, Map.of(), List.of("x"));
        assertThat(wireOf(kind, serializer(kind).encode(new Result(1, Map.of(), Payload.NONE))))
                .containsExactly(50, 1, Map.of());
        if (kind == SerializerKind.JSON) {
            assertThat(serializer(kind).encode(new Result(1, Map.of(), Payload.of(List.of("x")))))
                    .asString(StandardCharsets.UTF_8).isEqualTo("[50,1,{},[\"x\"]]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void longAndNonAsciiStringsRoundTrip(SerializerKind kind) {
        String longText = "é🙂x".repeat(5_000);
        String uri = "com.example." + "a".repeat(300);
        Call call = new Call(1, Map.of(uri, longText), "p", Payload.of(List.of(longText, "", "ü")));
        assertThat(serializer(kind).decode(serializer(kind).encode(call))).isEqualTo(call);
    }

    @Test
    void cborStringsAlwaysHaveDefiniteShortestLengths() {
        String text = "x".repeat(70_000);
        byte[] encoded = serializer(SerializerKind.CBOR).encode(new Result(1, Map.of(), Payload.of(List.of(text))));
        // 0x7a: text string with a 4-byte length (never 0x7f, the indefinite chunked form)
        assertThat(HexFormat.of().formatHex(encoded, 0, 11)).isEqualTo("84183201a0" + "81" + "7a" + "00011170");
        String medium = "y".repeat(300);
        byte[] mediumEncoded = serializer(SerializerKind.CBOR).encode(new Result(1, Map.of(), Payload.of(List.of(medium))));
        assertThat(HexFormat.of().formatHex(mediumEncoded, 0, 9)).isEqualTo("84183201a0" + "81" + "79" + "012c");
        String multiByte = "\u00e9".repeat(200); // 200 chars, 400 bytes
        byte[] multiByteEncoded = serializer(SerializerKind.CBOR).encode(new Result(1, Map.of(), Payload.of(List.of(multiByte))));
        assertThat(HexFormat.of().formatHex(multiByteEncoded, 0, 9)).isEqualTo("84183201a0" + "81" + "79" + "0190");
    }

    // ---- framing ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void aFrameInsideALargerBufferDecodesFromItsOffset(SerializerKind kind) {
        Publish publish = new Publish(3, Map.of("acknowledge", true), "t", Payload.of(List.of(1), Map.of("k", "v")));
        byte[] frame = serializer(kind).encode(publish);
        byte[] buffer = new byte[frame.length + 20];
        Arrays.fill(buffer, (byte) 0xc1);
        System.arraycopy(frame, 0, buffer, 7, frame.length);

        assertThat(serializer(kind).decode(buffer, 7, frame.length)).isEqualTo(publish);
    }

    @Test
    void cborKeyChecksUseTheFrameOffset() {
        byte[] frame = hex("84183001a1" + "01" + "6178" + "6170");
        byte[] buffer = new byte[frame.length + 9];
        Arrays.fill(buffer, (byte) 0x61);
        System.arraycopy(frame, 0, buffer, 9, frame.length);

        assertThatThrownBy(() -> serializer(SerializerKind.CBOR).decode(buffer, 9, frame.length))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("keys must be text strings");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void randomlyCorruptedFramesOnlyEverRaiseProtocolViolations(SerializerKind kind) {
        Random random = new Random(kind.ordinal() * 7919L);
        List<byte[]> seeds = List.of(
                serializer(kind).encode(sampleCall()),
                serializer(kind).encode(new Event(1, 2, Map.of("enc_algo", "cryptobox"),
                        new Payload.Transparent(new byte[] {9, 8, 7}))));
        assertThatCode(() -> {
            for (int i = 0; i < 5_000; i++) {
                byte[] mutated = mutate(seeds.get(i % seeds.size()), random);
                try {
                    serializer(kind).decode(mutated);
                } catch (ProtocolViolationException expected) {
                    // the only acceptable failure
                }
            }
        }).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void oneSerializerInstanceIsSafeToShareAcrossThreads(SerializerKind kind) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long id = t + 1;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        Publish publish = new Publish(id, Map.of("exclude_me", i % 2 == 0), "t." + id,
                                Payload.of(List.of(i, "x".repeat(i % 40)), Map.of("n", (int) id * i)));
                        byte[] bytes = serializer(kind).encode(publish);
                        assertThat(serializer(kind).decode(bytes)).isEqualTo(publish);
                        assertThatThrownBy(() -> serializer(kind).decode(Arrays.copyOf(bytes, bytes.length / 2)))
                                .isInstanceOf(ProtocolViolationException.class);
                    }
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----

    private static Serializer serializer(SerializerKind kind) {
        return Serializers.of(kind);
    }

    private static void assertViolation(SerializerKind kind, byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> serializer(kind).decode(bytes))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining(messagePart);
    }

    /** Encodes an arbitrary array of plain values, valid WAMP or not. */
    private static byte[] wire(SerializerKind kind, Object... elements) {
        return ((WireSerializer) serializer(kind)).encodeWire(Arrays.asList(elements));
    }

    private static List<Object> wireOf(SerializerKind kind, byte[] bytes) {
        return ((WireSerializer) serializer(kind)).decodeWire(bytes, 0, bytes.length);
    }

    private static Call sampleCall() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("name", "Alice");
        kwargs.put("scores", List.of(1, 2.5, 1L << 40));
        return new Call(7814135, Map.of("timeout", 1000), "com.myapp.add", Payload.of(List.of("a", true), kwargs));
    }

    /** {@code [48, 1, {}, "p", [[...[]...]]]} whose Arguments nest {@code levels} arrays deep. */
    private static byte[] deeplyNested(SerializerKind kind, int levels) {
        String prefix;
        byte open;
        byte empty;
        switch (kind) {
            case JSON -> {
                String json = "[48,1,{},\"p\"," + "[".repeat(levels) + "]".repeat(levels) + "]";
                return text(json);
            }
            case MSGPACK -> {
                prefix = "95300180a170";
                open = (byte) 0x91;
                empty = (byte) 0x90;
            }
            default -> {
                prefix = "85183001a06170";
                open = (byte) 0x81;
                empty = (byte) 0x80;
            }
        }
        byte[] head = hex(prefix);
        byte[] bytes = Arrays.copyOf(head, head.length + levels);
        Arrays.fill(bytes, head.length, bytes.length - 1, open);
        bytes[bytes.length - 1] = empty;
        return bytes;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed.clone();
        switch (random.nextInt(3)) {
            case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            default -> {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
        }
        return bytes;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
