package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.security.authn.ThrottleSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code security.throttle.*}: per address, per authid, and the size of their tables. */
class ThrottleConfigTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ThrottleSettings t = new ConfigLoader(Map.of()).load(null).security().settings().throttle();

        assertThat(t).isEqualTo(ThrottleSettings.DEFAULTS);
        assertThat(t.maxFailures()).isEqualTo(5);
        assertThat(t.authidMaxFailures()).isEqualTo(20);
        assertThat(t.authidWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(t.authidBlock()).isEqualTo(Duration.ofMinutes(15));
        assertThat(t.maxEntries()).isEqualTo(100_000);
    }

    @Test
    void eachCounterIsSetOnItsOwn() {
        ThrottleSettings t = new ConfigLoader(Map.of("BONDY_SECURITY_THROTTLE_MAX_FAILURES", "0",
                "BONDY_SECURITY_THROTTLE_AUTHID_MAX_FAILURES", "50", "BONDY_SECURITY_THROTTLE_AUTHID_WINDOW", "1h",
                "BONDY_SECURITY_THROTTLE_AUTHID_BLOCK", "30m", "BONDY_SECURITY_THROTTLE_MAX_ENTRIES", "1000"))
                .load(null).security().settings().throttle();

        assertThat(t).isEqualTo(new ThrottleSettings(0, Duration.ofMinutes(1), Duration.ofMinutes(5), 50,
                Duration.ofHours(1), Duration.ofMinutes(30), 1000));
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_SECURITY_THROTTLE_AUTHID_MAX_FAILURES", "-1"))
                .load(null)).hasMessageContaining("security.throttle.authid_max_failures");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_SECURITY_THROTTLE_AUTHID_BLOCK", "0s"))
                .load(null)).hasMessageContaining("security.throttle.authid_block");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_SECURITY_THROTTLE_MAX_ENTRIES", "0"))
                .load(null)).hasMessageContaining("security.throttle.max_entries");
    }
}
