package io.bondy.bridge;

import io.bondy.bridge.kafka.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The bridge against a real Kafka broker (KRaft, started by the test in a child JVM): WAMP publications
 * to a Kafka topic and Kafka records to WAMP events, 10,000 each way, and across a broker restart.
 */
class KafkaBridgeTest extends BrokerBridgeContract {

    private static KafkaTestBroker broker;

    @BeforeAll
    static void startKafka() {
        broker = KafkaTestBroker.startNew();
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    String kind() {
        return "kafka";
    }

    @Override
    int port() {
        return broker.port();
    }

    @Override
    void stopBroker() {
        broker.stop();
    }

    @Override
    void startBroker() {
        broker.start();
    }

    @Override
    Map<String, String> clientConfig(String u) {
        // a record fails before the outbox's produce timeout (10 s in the fixture) gives up on it, so the
        // outbox's retry is the only one (no second copy from the producer's own retries)
        return Map.of("endpoints", broker.bootstrapServers(), "producer.ack_timeout", "5s",
                "producer.delivery_timeout", "9s", "producer.max_block", "2s", "health_check_interval", "500ms",
                "reconnect_cool_down_seconds", "500ms", "consumer.sink_timeout", "10s");
    }

    @Override
    String outTopic(String u) {
        return "bondy-test-out-" + u;
    }

    @Override
    String inSource(String u) {
        return "bondy-test-in-" + u;
    }

    @Override
    Map<String, Object> inSourceOptions(String u) {
        return Map.of("group_id", "bondy-test-" + u, "auto_offset_reset", "earliest");
    }

    @Override
    DirectConsumer consumeDirect(String u) {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "direct-" + u,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Thread thread = new Thread(() -> {
            try (consumer) {
                consumer.subscribe(List.of(outTopic(u)));
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
                }
            } catch (WakeupException e) {
                // closed
            }
        }, "kafka-direct-consumer-" + u);
        thread.start();
        return new DirectConsumer() {
            @Override
            public List<byte[]> received() {
                return received;
            }

            @Override
            public void close() throws Exception {
                consumer.wakeup();
                thread.join(30_000);
            }
        };
    }

    @Override
    DirectProducer produceDirect(String u) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        String topic = inSource(u);
        return new DirectProducer() {
            private final List<Future<RecordMetadata>> unacknowledged = new ArrayList<>();

            @Override
            public void send(byte[] value) throws Exception {
                unacknowledged.add(producer.send(new ProducerRecord<>(topic, value)));
                // probes (seq -1) and every 200th: wait for the acknowledgements
                if (unacknowledged.size() >= 200 || utf8(value).contains("\"seq\":-1")) {
                    awaitAcks();
                }
            }

            private void awaitAcks() throws Exception {
                for (Future<RecordMetadata> f : unacknowledged) {
                    f.get(60, TimeUnit.SECONDS);
                }
                unacknowledged.clear();
            }

            @Override
            public void close() throws Exception {
                try {
                    awaitAcks(); // everything sent is acknowledged before the caller goes on
                } finally {
                    producer.close();
                }
            }
        };
    }
}
