package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.config.AuthorizerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A realm's {@code authorizer} keys in bondy.conf. */
class AuthorizerConfigTest {

    @TempDir
    Path dir;

    @Test
    void aRealmHasNoAuthorizerByDefault() {
        ServerConfig c = new ConfigLoader(Map.of()).load(null);

        assertThat(c.router().realms().get(0).authorizer()).isEqualTo(AuthorizerSettings.NONE);
        assertThat(c.router().realms().get(0).authorizer().enabled()).isFalse();
    }

    @Test
    void everyKeyIsRead() throws IOException {
        AuthorizerSettings a = load("""
                authorizer = "com.example.authorize"
                authorizer_cache_ttl = 1m
                authorizer_timeout = 1500ms
                authorizer_max_queued = 10
                authorizer_cache_size = 50
                """);

        assertThat(a).isEqualTo(new AuthorizerSettings("com.example.authorize", Duration.ofMinutes(1),
                Duration.ofMillis(1500), 10, 50));
    }

    @Test
    void theLimitsDefaultToTheDocumentedValues() throws IOException {
        AuthorizerSettings a = load("authorizer = \"com.example.authorize\"");

        assertThat(a.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.maxQueued()).isEqualTo(100);
        assertThat(a.cacheSize()).isEqualTo(1000);
        assertThat(load("authorizer = \"a.b\", authorizer_cache_ttl = 0s").cacheTtl()).isZero();
        assertThat(load("authorizer = \"\"").enabled()).as("empty: none").isFalse();
    }

    @Test
    void badValuesFailTheStartNamingTheKey() {
        assertFails("authorizer = \"a..b\"", "realms[0].authorizer");
        assertFails("authorizer = \"a.b\", authorizer_timeout = 0s", "realms[0].authorizer_timeout");
        assertFails("authorizer = \"a.b\", authorizer_cache_ttl = -1s", "realms[0].authorizer_cache_ttl");
        assertFails("authorizer = \"a.b\", authorizer_max_queued = 0", "realms[0].authorizer_max_queued");
        assertFails("authorizer = \"a.b\", authorizer_cache_size = -1", "realms[0].authorizer_cache_size");
        assertFails("authorizer = \"a.b\", authorizer_timeout = soon", "authorizer_timeout");
        assertFails("authoriser = \"a.b\"", "realms[0].authoriser");
    }

    private void assertFails(String block, String key) {
        assertThatThrownBy(() -> load(block)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }

    private AuthorizerSettings load(String block) throws IOException {
        Path file = dir.resolve("bondy.conf");
        Files.writeString(file, "realms = [ { uri = \"realm1\", authmethods = [\"anonymous\"]\n" + block + "\n} ]\n");
        return new ConfigLoader(Map.of()).load(file).router().realms().get(0).authorizer();
    }
}
