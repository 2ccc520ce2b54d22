package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The listeners' deadlines and connection caps: defaults, overrides, and refusals by key. */
class ListenerLimitsConfigTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ServerConfig c = new ConfigLoader(Map.of()).load(null);

        assertThat(c.admin().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.admin().idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.admin().maxConnections()).isEqualTo(256);
        assertThat(c.transport().websocket().httpRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.transport().websocket().maxConnections()).isEqualTo(10_000);
        assertThat(c.transport().websocket().handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.transport().rawsocket().maxConnections()).isEqualTo(10_000);
    }

    @Test
    void eachKeyIsRead() {
        ServerConfig c = new ConfigLoader(Map.of("BONDY_ADMIN_API_HTTP_REQUEST_TIMEOUT", "2s",
                "BONDY_ADMIN_API_HTTP_IDLE_TIMEOUT", "3s", "BONDY_ADMIN_API_HTTP_MAX_CONNECTIONS", "7",
                "BONDY_API_GATEWAY_HTTP_REQUEST_TIMEOUT", "4s", "BONDY_API_GATEWAY_HTTP_MAX_CONNECTIONS", "8",
                "BONDY_WAMP_TCP_MAX_CONNECTIONS", "9")).load(null);

        assertThat(c.admin().requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.admin().idleTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.admin().maxConnections()).isEqualTo(7);
        assertThat(c.transport().websocket().httpRequestTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.transport().websocket().maxConnections()).isEqualTo(8);
        assertThat(c.transport().rawsocket().maxConnections()).isEqualTo(9);
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_TCP_MAX_CONNECTIONS", "0")).load(null))
                .hasMessageContaining("wamp.tcp.max_connections");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_MAX_CONNECTIONS", "-5")).load(null))
                .hasMessageContaining("api_gateway.http.max_connections");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_ADMIN_API_HTTP_IDLE_TIMEOUT", "0s")).load(null))
                .hasMessageContaining("admin_api.http.idle_timeout");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_REQUEST_TIMEOUT", "0s")).load(null))
                .hasMessageContaining("api_gateway.http.request_timeout");
    }
}
