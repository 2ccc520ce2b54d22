package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.config.RoutingLimits;
import io.bondy.core.uri.UriLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of the limits on URIs, registrations and subscriptions (docs/reliability.md). */
class RoutingLimitsConfigTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        RoutingLimits limits = new ConfigLoader(Map.of()).load(null).router().limits();

        assertThat(limits).isEqualTo(RoutingLimits.DEFAULTS);
        assertThat(limits.uris()).isEqualTo(new UriLimits(512, 64));
        assertThat(limits.maxRegistrationsPerSession()).isEqualTo(1_000);
        assertThat(limits.maxSubscriptionsPerSession()).isEqualTo(10_000);
    }

    @Test
    void theFileAndTheEnvironmentSetThem() throws IOException {
        Path file = write("wamp.uri_max_length = 1024\nwamp.max_subscriptions_per_session = 50\n");
        RoutingLimits limits = new ConfigLoader(Map.of("BONDY_WAMP_URI_MAX_COMPONENTS", "16",
                "BONDY_WAMP_MAX_REGISTRATIONS_PER_SESSION", "7", "BONDY_WAMP_URI_MAX_LENGTH", "2048"))
                .load(file).router().limits();

        assertThat(limits).isEqualTo(new RoutingLimits(new UriLimits(2048, 16), 7, 50));
    }

    @Test
    void badValuesFailTheStartNamingTheKey() {
        for (String key : new String[] {"URI_MAX_LENGTH", "URI_MAX_COMPONENTS", "MAX_REGISTRATIONS_PER_SESSION",
                "MAX_SUBSCRIPTIONS_PER_SESSION"}) {
            String name = "wamp." + key.toLowerCase();
            assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_" + key, "0")).load(null))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(name).hasMessageContaining("positive");
            assertThatThrownBy(() -> new ConfigLoader(Map.of("BONDY_WAMP_" + key, "lots")).load(null))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(name);
        }
    }

    @Test
    void aConfiguredRealmNoClientCouldNameIsRefused() throws IOException {
        Path file = write("wamp.uri_max_length = 16\nrealms = [{uri = \"com.example.a.long.realm\"}]\n");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("realms[0].uri")
                .hasMessageContaining("wamp.uri_max_length");
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "bondy", ".conf");
        Files.writeString(file, content);
        return file;
    }
}
