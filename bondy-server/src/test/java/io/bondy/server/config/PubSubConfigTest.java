package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.config.PubSubSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PubSubConfigTest {

    @TempDir
    Path dir;

    @Test
    void realmWithoutPubsubBlockGetsTheBoundedDefaults() {
        ServerConfig c = new ConfigLoader(Map.of()).load(null);

        assertThat(c.router().realms().get(0).pubsub()).isEqualTo(PubSubSettings.DEFAULTS);
    }

    @Test
    void pubsubBlockSetsEveryKey() throws IOException {
        PubSubSettings p = load("""
                pubsub {
                  slow_subscriber = close
                  retention { max_events = 10, max_bytes = 1MiB, ttl = 5m }
                  history = [ { topic = "com.log", match = prefix, max_events = 100, max_age = 1h } ]
                  trust_levels = [ { topic_prefix = "com.sensors.", authrole = "device", level = 2 }, { level = 0 } ]
                }
                """);

        assertThat(p.slowSubscriber()).isEqualTo(PubSubSettings.SlowSubscriberPolicy.CLOSE);
        assertThat(p.retention()).isEqualTo(new PubSubSettings.Retention(10, 1 << 20, Duration.ofMinutes(5)));
        assertThat(p.history()).containsExactly(
                new PubSubSettings.HistoryTopic("com.log", MatchPolicy.PREFIX, 100, Duration.ofHours(1)));
        assertThat(p.trustLevels()).containsExactly(new PubSubSettings.TrustLevelRule("com.sensors.", "device", 2),
                new PubSubSettings.TrustLevelRule(null, null, 0));
    }

    @Test
    void badPubsubValuesFailTheStartNamingTheKey() {
        assertFails("pubsub { slow_subscriber = wait }", "realms[0].pubsub.slow_subscriber");
        assertFails("pubsub { retention { ttl = 0s } }", "realms[0].pubsub.retention.ttl");
        assertFails("pubsub { retention { max_evnts = 3 } }", "realms[0].pubsub.retention.max_evnts");
        assertFails("pubsub { history = [ { topic = \"a..b\", max_events = 1, max_age = 1h } ] }",
                "realms[0].pubsub.history[0].topic");
        assertFails("pubsub { history = [ { topic = \"a\", max_events = 0, max_age = 1h } ] }",
                "realms[0].pubsub.history[0].max_events");
        assertFails("pubsub { history = [ { topic = \"a\", match = fuzzy, max_events = 1, max_age = 1h } ] }",
                "realms[0].pubsub.history[0].match");
        assertFails("pubsub { trust_levels = [ { level = -1 } ] }", "realms[0].pubsub.trust_levels[0].level");
        assertFails("pubsub { retain = on }", "realms[0].pubsub.retain");
        assertFails("pubsub = 3", "realms[0].pubsub");
    }

    private void assertFails(String block, String key) {
        assertThatThrownBy(() -> load(block)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }

    private PubSubSettings load(String block) throws IOException {
        Path file = dir.resolve("bondy.conf");
        Files.writeString(file, "realms = [ { uri = \"realm1\", authmethods = [\"anonymous\"]\n" + block + "\n} ]\n");
        return new ConfigLoader(Map.of()).load(file).router().realms().get(0).pubsub();
    }
}
