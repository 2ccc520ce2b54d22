package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.transport.LongPollConfig;
import io.bondy.transport.WebSocketExtras;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code wamp.websocket.batched.*} and {@code wamp.longpoll.*}: defaults, overrides, refusals by key. */
class WebSocketExtrasConfigTest {

    @Test
    void batchedMaxMessagesIsReadWithItsDefault() {
        assertThat(new ConfigLoader(Map.of()).load(null).transport().webSocketExtras().maxBatchedMessages())
                .isEqualTo(100);
        WebSocketExtras extras = new ConfigLoader(Map.of("BONDY_WAMP_WEBSOCKET_BATCHED_MAX_MESSAGES", "7"))
                .load(null).transport().webSocketExtras();
        assertThat(extras.maxBatchedMessages()).isEqualTo(7);
    }

    @Test
    void longPollIsOffByDefaultAndEachKeyIsRead() {
        LongPollConfig off = new ConfigLoader(Map.of()).load(null).transport().webSocketExtras().longPoll();
        assertThat(off.enabled()).isFalse();
        assertThat(off.path()).isEqualTo("/longpoll");
        assertThat(off.sessionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(off.receiveTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(off.maxQueuedMessages()).isEqualTo(1000);
        assertThat(off.maxBodySize()).isEqualTo(1 << 20);
        assertThat(off.maxTransports()).isEqualTo(1000);

        LongPollConfig on = new ConfigLoader(Map.of("BONDY_WAMP_LONGPOLL_ENABLED", "on", "BONDY_WAMP_LONGPOLL_PATH", "/lp",
                "BONDY_WAMP_LONGPOLL_SESSION_TIMEOUT", "5s", "BONDY_WAMP_LONGPOLL_RECEIVE_TIMEOUT", "2s",
                "BONDY_WAMP_LONGPOLL_MAX_QUEUED_MESSAGES", "10", "BONDY_WAMP_LONGPOLL_MAX_BODY_SIZE", "64KiB",
                "BONDY_WAMP_LONGPOLL_MAX_TRANSPORTS", "3")).load(null).transport().webSocketExtras().longPoll();
        assertThat(on).isEqualTo(new LongPollConfig(true, "/lp", Duration.ofSeconds(5), Duration.ofSeconds(2), 10,
                64 << 10, 3));
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_LONGPOLL_PATH", "longpoll/")).load(null))
                .hasMessageContaining("wamp.longpoll.path");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_LONGPOLL_MAX_BODY_SIZE", "10")).load(null))
                .hasMessageContaining("wamp.longpoll.max_body_size");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_LONGPOLL_SESSION_TIMEOUT", "0s")).load(null))
                .hasMessageContaining("wamp.longpoll.session_timeout");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_WEBSOCKET_BATCHED_MAX_MESSAGES", "0")).load(null))
                .hasMessageContaining("wamp.websocket.batched.max_messages");
    }
}
