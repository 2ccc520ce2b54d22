package io.bondy.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WampMessageDecodingTest {

    @Test
    void transparentPayloadWithoutPptSchemeIsAProtocolViolation() {
        assertThatThrownBy(() -> WampMessage.fromWire(List.of(48, 1, Map.of(), "p", "oops")))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("ppt_scheme");
        assertThatThrownBy(() -> WampMessage.fromWire(List.of(16, 1, Map.of(), "t", new byte[] {1, 2})))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("ppt_scheme");
    }

    @Test
    void transparentPayloadWithPptSchemeIsKeptAsBytes() {
        WampMessage m = WampMessage.fromWire(List.of(48, 1, Map.of("ppt_scheme", "x_custom"), "p", new byte[] {1, 2}));
        assertThat(((Call) m).payload()).isEqualTo(new Payload.Transparent(new byte[] {1, 2}));
    }

    @Test
    void helloWithoutRolesIsAProtocolViolation() {
        assertThatThrownBy(() -> WampMessage.fromWire(List.of(1, "realm1", Map.of())))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("roles");
    }

    @Test
    void encodingNeverWritesEmptyTrailingArgumentsButKeepsAnExplicitList() {
        assertThat(new Result(1, Map.of(), Payload.NONE).toWire()).hasSize(3);
        assertThat(new Result(1, Map.of(), Payload.of(List.of())).toWire()).hasSize(4);
        assertThat(new Result(1, Map.of(), Payload.of(null, Map.of("k", 1))).toWire())
                .containsExactly(50, 1L, Map.of(), List.of(), Map.of("k", 1));
    }

    @Test
    void optionalDetailsOfUnsubscribedAreWrittenOnlyWhenPresent() {
        assertThat(new Unsubscribed(3, Map.of()).toWire()).containsExactly(35, 3L);
        assertThat(WampMessage.fromWire(List.of(35, 3, Map.of("reason", "x")))).isEqualTo(
                new Unsubscribed(3, Map.of("reason", "x")));
    }
}
