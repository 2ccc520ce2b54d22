package io.bondy.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientConfigTest {

    @Test
    void defaultsAreAtLeastOnceAndBounded() {
        KafkaClientConfig c = KafkaClientConfig.parse("default", Map.of("endpoints", "127.0.0.1:9092"));
        assertThat(c.endpoints()).containsExactly("127.0.0.1:9092");
        assertThat(c.clientId()).isEqualTo("bondy-bridge-default");
        assertThat(c.queueCapacity()).isEqualTo(10_000);
        assertThat(c.maxBlock()).isEqualTo(Duration.ofSeconds(10));
        var p = c.producerProperties();
        assertThat(p.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
        assertThat(p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
        assertThat(p.get(ProducerConfig.BUFFER_MEMORY_CONFIG)).isEqualTo(Long.toString(32L << 20));
        assertThat(c.consumerProperties("g", "earliest").get("enable.auto.commit")).isEqualTo("false");
    }

    @Test
    void acceptsBondysEndpointFormAndKeysWithTheirPrefix() {
        KafkaClientConfig c = KafkaClientConfig.parse("default", Map.of(
                "broker_bridge.kafka.clients.default.endpoints", "[{\"127.0.0.1\", 9092}, {\"kafka-2\", 9093}]",
                "reconnect_cool_down_seconds", "10s",
                "producer.required_acks", "all_isr",
                "producer.compression", "no_compression",
                "max_metadata_sock_retry", "5",
                "producer.buffer_memory", "8MB"));
        assertThat(c.endpoints()).isEqualTo(List.of("127.0.0.1:9092", "kafka-2:9093"));
        assertThat(c.reconnectBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.compression()).isEqualTo("none");
        assertThat(c.bufferMemory()).isEqualTo(8L << 20);
    }

    @Test
    void refusesWhatWouldBreakTheGuaranteeOrIsUnknown() {
        assertThatThrownBy(() -> KafkaClientConfig.parse("a", Map.of()))
                .hasMessageContaining("broker_bridge.kafka.clients.a.endpoints");
        assertThatThrownBy(() -> KafkaClientConfig.parse("a", Map.of("endpoints", "h:70000")))
                .hasMessageContaining("endpoints");
        assertThatThrownBy(() -> KafkaClientConfig.parse("a", Map.of("endpoints", "h:1",
                "producer.required_acks", "1"))).hasMessageContaining("producer.required_acks");
        assertThatThrownBy(() -> KafkaClientConfig.parse("a", Map.of("endpoints", "h:1", "producer.acks", "all")))
                .hasMessageContaining("broker_bridge.kafka.clients.a.producer.acks: unknown key");
        assertThatThrownBy(() -> KafkaClientConfig.parse("a", Map.of("endpoints", "h:1",
                "producer.queue_capacity", "0"))).hasMessageContaining("producer.queue_capacity");
        assertThatThrownBy(() -> KafkaClientConfig.parse("a", Map.of("endpoints", "h:1",
                "producer.delivery_timeout", "5s"))).hasMessageContaining("producer.delivery_timeout");
        assertThatThrownBy(() -> KafkaClientConfig.parse("a", Map.of("endpoints", "h:1",
                "producer.max_block", "ten"))).hasMessageContaining("producer.max_block: not a duration");
    }

    @Test
    void fnv32aMatchesTheReferenceVectors() {
        assertThat(Integer.toUnsignedString(KafkaBrokerClient.fnv32a(new byte[0]), 16)).isEqualTo("811c9dc5");
        assertThat(Integer.toUnsignedString(KafkaBrokerClient.fnv32a("a".getBytes()), 16)).isEqualTo("e40c292c");
        assertThat(Integer.toUnsignedString(KafkaBrokerClient.fnv32a("foobar".getBytes()), 16))
                .isEqualTo("bf9cf968");
    }
}
