package io.bondy.core.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.bondy.core.fuzz.FuzzSettings;
import io.bondy.core.fuzz.WampArbitraries;
import io.bondy.core.fuzz.WireEncoder;
import io.bondy.core.message.ProtocolViolationException;
import io.bondy.core.message.WampMessage;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Property-based fuzzing of the three serializers and the message model, over every message type:
 * whatever the bytes, {@link Serializer#decode} returns a valid message or throws
 * {@link ProtocolViolationException} with a message, never another exception and never slowly; every
 * well-formed message decodes; and whatever it accepted from a peer it can write for a peer of every
 * serializer and read back as the same message.
 *
 * <p>A few thousand cases per CI run with a fixed seed; {@code -Dfuzz.seed} and {@code -Dfuzz.cases}
 * change both ({@link FuzzSettings}; {@code bench/fuzz.sh} runs the long mode).
 */
@AddLifecycleHook(FuzzSettings.class)
class SerializerFuzzTest {

    /** Long strings stay well below the transports' frame limits. */
    private static final int MAX_STRING = 4096;
    /** Far more than any decode takes: a slower one is a finding (quadratic parsing, a hang). */
    private static final long MAX_DECODE_NANOS = 2_000_000_000L;
    private static final ObjectMapper STRICT_JSON = new ObjectMapper();

    @Property(tries = 1000)
    void everyWellFormedMessageDecodesAndRoundTrips(@ForAll SerializerKind kind, @ForAll("valid") List<Object> wire) {
        WampMessage message = decode(kind, WireEncoder.encode(kind, wire));

        assertThat(message.type().code()).isEqualTo(((Number) wire.get(0)).intValue());
        assertRoundTrips(kind, message);
    }

    @Property(tries = 1500)
    void mutatedMessagesDecodeOrAreAProtocolViolation(@ForAll SerializerKind kind,
                                                      @ForAll("mutated") List<Object> wire) {
        decodeOrViolation(kind, WireEncoder.encode(kind, wire));
    }

    @Property(tries = 1500)
    void garbageBytesDecodeOrAreAProtocolViolation(@ForAll("garbage") Frame frame) {
        decodeOrViolation(frame.kind(), frame.bytes());
    }

    @Provide
    Arbitrary<List<Object>> valid() {
        return WampArbitraries.anyValid();
    }

    @Provide
    Arbitrary<List<Object>> mutated() {
        return WampArbitraries.mutated(MAX_STRING);
    }

    @Provide
    Arbitrary<Frame> garbage() {
        return Arbitraries.oneOf(Arrays.stream(SerializerKind.values())
                .map(kind -> WampArbitraries.garbage(kind).map(bytes -> new Frame(kind, bytes))).toList());
    }

    /** Bytes for one serializer. */
    record Frame(SerializerKind kind, byte[] bytes) {
        @Override
        public String toString() {
            return kind + " " + java.util.HexFormat.of().formatHex(bytes);
        }
    }

    private static void decodeOrViolation(SerializerKind kind, byte[] bytes) {
        WampMessage message;
        try {
            message = decode(kind, bytes);
        } catch (ProtocolViolationException e) {
            assertThat(e.getMessage()).as("a protocol violation says what is wrong").isNotBlank();
            return;
        }
        assertRoundTrips(kind, message);
    }

    private static WampMessage decode(SerializerKind kind, byte[] bytes) {
        long start = System.nanoTime();
        try {
            WampMessage message = Serializers.of(kind).decode(bytes);
            assertThat(message).isNotNull();
            return message;
        } finally {
            assertThat(System.nanoTime() - start).as("decoding %d bytes took too long", bytes.length)
                    .isLessThan(MAX_DECODE_NANOS);
        }
    }

    /**
     * Whatever the router accepted from a peer of one serializer it can write for a peer of every
     * serializer (a failure here is an INVOCATION or EVENT the router would drop); it reads back what
     * it wrote in the same format, and in MessagePack and CBOR as the same message; its JSON is plain
     * JSON any parser reads (from a binary format it need not read back equal: JSON has no NaN, which
     * becomes a string, and a text string starting with NUL reads back as binary, the spec's convention).
     */
    private static void assertRoundTrips(SerializerKind from, WampMessage message) {
        for (SerializerKind to : SerializerKind.values()) {
            byte[] written = Serializers.of(to).encode(message);
            if (to != SerializerKind.JSON || from == SerializerKind.JSON) {
                WampMessage again = Serializers.of(to).decode(written);
                assertThat(PlainValues.normalize(again.toWire())).as("%s -> %s round trip of %s", from, to,
                        message.type()).isEqualTo(PlainValues.normalize(message.toWire()));
            } else {
                assertThatCode(() -> STRICT_JSON.readTree(written)).as("the router's JSON is plain JSON")
                        .doesNotThrowAnyException();
            }
        }
    }
}
