package io.bondy.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The test broker itself: it serves, and a restart (after a clean stop or a kill) keeps port and data. */
class KafkaTestBrokerTest {

    @Test
    void recordsSurviveAStopAndAKillOnTheSamePort() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.startNew()) {
            System.out.printf("kafka test broker: first start %d ms%n", broker.lastStartMillis());
            produce(broker, "a");
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            System.out.printf("kafka test broker: restart after stop %d ms%n", broker.lastStartMillis());
            produce(broker, "b");
            broker.kill();
            broker.start();
            System.out.printf("kafka test broker: restart after kill %d ms%n", broker.lastStartMillis());
            produce(broker, "c");
            assertThat(consumeAll(broker, 3)).containsExactly("a", "b", "c");
        }
    }

    private static void produce(KafkaTestBroker broker, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("t", value)).get(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(KafkaTestBroker broker, int n) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "g",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= n;
            });
        }
        return values;
    }
}
