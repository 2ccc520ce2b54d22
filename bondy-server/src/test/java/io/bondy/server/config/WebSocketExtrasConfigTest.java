package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.transport.WebSocketExtras;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code wamp.websocket.compression.*} and {@code wamp.websocket.batched.*}: defaults, overrides, refusals by key. */
class WebSocketExtrasConfigTest {

    @Test
    void compressionIsOffByDefault() {
        WebSocketExtras extras = new ConfigLoader(Map.of()).load(null).transport().webSocketExtras();

        assertThat(extras.compression()).isFalse();
        assertThat(extras.compressionLevel()).isEqualTo(6);
        assertThat(extras.maxBatchedMessages()).isEqualTo(100);
    }

    @Test
    void eachKeyIsRead() {
        WebSocketExtras extras = new ConfigLoader(Map.of("BONDY_WAMP_WEBSOCKET_COMPRESSION_ENABLED", "on",
                "BONDY_WAMP_WEBSOCKET_COMPRESSION_LEVEL", "1", "BONDY_WAMP_WEBSOCKET_BATCHED_MAX_MESSAGES", "7")).load(null).transport().webSocketExtras();

        assertThat(extras.compression()).isTrue();
        assertThat(extras.compressionLevel()).isEqualTo(1);
        assertThat(extras.maxBatchedMessages()).isEqualTo(7);
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_WEBSOCKET_COMPRESSION_LEVEL", "10")).load(null))
                .hasMessageContaining("wamp.websocket.compression.level");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_WEBSOCKET_COMPRESSION_ENABLED", "maybe"))
                .load(null)).hasMessageContaining("wamp.websocket.compression.enabled");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_WEBSOCKET_BATCHED_MAX_MESSAGES", "0")).load(null))
                .hasMessageContaining("wamp.websocket.batched.max_messages");
    }
}
