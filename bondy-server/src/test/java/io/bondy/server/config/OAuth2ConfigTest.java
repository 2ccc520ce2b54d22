package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.gateway.oauth2.OAuth2Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code api_gateway.oauth2.*}. */
class OAuth2ConfigTest {

    @Test
    void theEndpointsAreOffUntilARealmIsNamed() {
        assertThat(new ConfigLoader(Map.of()).load(null).oauth2()).isNull();
    }

    @Test
    void everyKeyIsRead() {
        OAuth2Settings s = new ConfigLoader(Map.of("BONDY_API_GATEWAY_OAUTH2_REALM", "com.example.app",
                "BONDY_API_GATEWAY_OAUTH2_ACCESS_TOKEN_TTL", "5m", "BONDY_API_GATEWAY_OAUTH2_REFRESH_TOKEN_TTL", "2d",
                "BONDY_API_GATEWAY_OAUTH2_THREADS", "3", "BONDY_API_GATEWAY_OAUTH2_MAX_QUEUED_REQUESTS", "10"))
                .load(null).oauth2();
        assertThat(s).isEqualTo(new OAuth2Settings("com.example.app", Duration.ofMinutes(5), Duration.ofDays(2), 3, 10));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        OAuth2Settings s = new ConfigLoader(Map.of("BONDY_API_GATEWAY_OAUTH2_REALM", "com.example.app")).load(null)
                .oauth2();
        assertThat(s).isEqualTo(new OAuth2Settings("com.example.app", Duration.ofMinutes(15), Duration.ofDays(30), 2,
                256));
    }

    @Test
    void badValuesFailTheStartNamingTheKey() {
        assertFails("BONDY_API_GATEWAY_OAUTH2_REALM", "not a uri", "api_gateway.oauth2.realm");
        assertFails("BONDY_API_GATEWAY_OAUTH2_ACCESS_TOKEN_TTL", "0s", "api_gateway.oauth2.access_token_ttl");
        assertFails("BONDY_API_GATEWAY_OAUTH2_REFRESH_TOKEN_TTL", "500ms", "api_gateway.oauth2.refresh_token_ttl");
        assertFails("BONDY_API_GATEWAY_OAUTH2_THREADS", "0", "api_gateway.oauth2.threads");
        assertFails("BONDY_API_GATEWAY_OAUTH2_MAX_QUEUED_REQUESTS", "0", "api_gateway.oauth2.max_queued_requests");
    }

    private static void assertFails(String env, String value, String key) {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(env, value)).load(null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }
}
