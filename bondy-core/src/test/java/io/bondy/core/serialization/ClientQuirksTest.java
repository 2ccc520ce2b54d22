package io.bondy.core.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.message.Call;
import io.bondy.core.message.CallOptions;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.ProtocolViolationException;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Register;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Unregister;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What stock JavaScript clients send that the spec's letter does not foresee (issue 22): options whose
 * value is null or undefined (wampy sends {@code {match: undefined, get_retained: undefined}}), and IDs
 * that arrive as floats (cbor-x writes integers above 2^32 as floats). Both are accepted in every
 * serializer: a null or undefined option is absent, an integral float within 2^53 is that integer.
 */
class ClientQuirksTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void nullOptionsAreAbsent(SerializerKind kind) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("match", null);
        options.put("get_retained", null);
        Subscribe subscribe = (Subscribe) decode(kind, wire(kind, 32, 1, options, "com.example.topic"));
        assertThat(subscribe.options()).isEmpty();
        assertThat(subscribe.match()).isEqualTo(MatchPolicy.EXACT);

        Map<String, Object> register = new LinkedHashMap<>();
        register.put("match", null);
        register.put("invoke", null);
        assertThat(((Register) decode(kind, wire(kind, 64, 2, register, "com.example.p"))).options()).isEmpty();

        Map<String, Object> call = new LinkedHashMap<>();
        call.put("receive_progress", null);
        call.put("timeout", null);
        call.put("disclose_me", true);
        Call decoded = (Call) decode(kind, wire(kind, 48, 3, call, "com.example.p"));
        assertThat(decoded.options()).containsOnlyKeys("disclose_me");
        assertThat(CallOptions.of(decoded).receiveProgress()).isFalse();

        Map<String, Object> cancel = new LinkedHashMap<>();
        cancel.put("mode", null);
        assertThat(((Cancel) decode(kind, wire(kind, 49, 3, cancel))).options()).isEmpty();

        Map<String, Object> publish = new LinkedHashMap<>();
        publish.put("acknowledge", null);
        publish.put("exclude_me", null);
        Publish p = (Publish) decode(kind, wire(kind, 16, 4, publish, "com.example.topic"));
        assertThat(p.acknowledge()).isFalse();
        assertThat(p.excludeMe()).isTrue();
    }

    @Test
    void msgpackrsUndefinedIsReadAsNullSoTheOptionIsAbsent() {
        // [32, 1, {"match": undefined, "get_retained": undefined}, "t"] as msgpackr writes it: undefined = d4 00 00
        byte[] bytes = HexFormat.of().parseHex("942001"
                + "82" + "a56d61746368" + "d40000" + "ac6765745f72657461696e6564" + "d40000"
                + "a174");
        Subscribe subscribe = (Subscribe) Serializers.of(SerializerKind.MSGPACK).decode(bytes);
        assertThat(subscribe.options()).isEmpty();
        assertThat(subscribe.topic()).isEqualTo("t");
    }

    @Test
    void otherMessagePackExtensionTypesAreStillRefused() {
        // fixext 1 of type 1
        byte[] bytes = HexFormat.of().parseHex("942001" + "81" + "a56d61746368" + "d40100" + "a174");
        assertThatThrownBy(() -> Serializers.of(SerializerKind.MSGPACK).decode(bytes))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("extension types");
    }

    @Test
    void cborsUndefinedIsReadAsNullSoTheOptionIsAbsent() {
        // [32, 1, {"match": undefined}, "t"]: CBOR's undefined is the simple value 0xf7
        byte[] bytes = HexFormat.of().parseHex("841820" + "01" + "a1" + "656d61746368" + "f7" + "6174");
        Subscribe subscribe = (Subscribe) Serializers.of(SerializerKind.CBOR).decode(bytes);
        assertThat(subscribe.options()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void anIdThatArrivesAsAnIntegralFloatIsThatInteger(SerializerKind kind) {
        Unregister unregister = (Unregister) decode(kind, wire(kind, 66, 7.0, 3.563813083558315E15));
        assertThat(unregister.requestId()).isEqualTo(7);
        assertThat(unregister.registrationId()).isEqualTo(3_563_813_083_558_315L);
        assertThat(((Publish) decode(kind, wire(kind, 16, 8, Map.of("exclude", List.of(4.0E15)), "t")))
                .options().get("exclude")).isEqualTo(List.of(4.0E15));
        Call call = (Call) decode(kind, wire(kind, 48, 9, Map.of("timeout", 1500.0), "p"));
        assertThat(CallOptions.of(call).timeoutMillis()).isEqualTo(1500);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SerializerKind.class)
    void aFloatThatIsNotAnIntegerOrIsBeyondTwoToThe53IsStillRefused(SerializerKind kind) {
        assertThatThrownBy(() -> decode(kind, wire(kind, 66, 7.5, 1)))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> decode(kind, wire(kind, 66, 7, 1.8014398509481984E16)))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> decode(kind, wire(kind, 16, 8, Map.of("exclude", List.of(0.5)), "t")))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("exclude");
    }

    private static Object decode(SerializerKind kind, byte[] bytes) {
        return Serializers.of(kind).decode(bytes);
    }

    private static byte[] wire(SerializerKind kind, Object... elements) {
        return ((WireSerializer) Serializers.of(kind)).encodeWire(Arrays.asList(elements));
    }
}
