package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.bridge.BridgeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** broker_bridge.kafka.clients.*: Bondy's dotted sub-keys (producer.*, consumer.*) reach the Kafka factory. */
class KafkaBridgeConfigTest {

    @TempDir
    Path dir;

    @Test
    void kafkaClientKeysWithSubSectionsAreCheckedAndKept() throws IOException {
        BridgeSettings b = load("""
                broker_bridge.kafka.clients.default.endpoints = ["127.0.0.1:9092", "127.0.0.1:9093"]
                broker_bridge.kafka.clients.default.reconnect_cool_down_seconds = 10s
                broker_bridge.kafka.clients.default.producer.required_acks = all
                broker_bridge.kafka.clients.default.producer.ack_timeout = 10s
                broker_bridge.kafka.clients.default.producer.max_batch_size = 1MB
                broker_bridge.kafka.clients.default.consumer.group_id = bondy
                broker_bridge.kafka.clients.default.max_metadata_sock_retry = 5
                broker_bridge.kafka.topics.user_events = "com.example.users"
                """);
        assertThat(b.clients().get("kafka").get("default")).containsEntry("endpoints", "127.0.0.1:9092,127.0.0.1:9093")
                .containsEntry("producer.ack_timeout", "10s").containsEntry("producer.max_batch_size", "1MB")
                .containsEntry("consumer.group_id", "bondy");
    }

    @Test
    void aBadKafkaKeyFailsTheStartNamingIt() {
        assertThatThrownBy(() -> load("""
                broker_bridge.kafka.clients.default.endpoints = "127.0.0.1:9092"
                broker_bridge.kafka.clients.default.producer.required_acks = 1
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker_bridge.kafka.clients.default.producer.required_acks");
        assertThatThrownBy(() -> load("""
                broker_bridge.kafka.clients.default.endpoints = "127.0.0.1:9092"
                broker_bridge.kafka.clients.default.producer.lingr = 5ms
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker_bridge.kafka.clients.default.producer.lingr");
    }

    private BridgeSettings load(String conf) throws IOException {
        Path file = dir.resolve("bondy.conf");
        Files.writeString(file, conf);
        return new ConfigLoader(Map.of()).load(file).bridge();
    }
}
