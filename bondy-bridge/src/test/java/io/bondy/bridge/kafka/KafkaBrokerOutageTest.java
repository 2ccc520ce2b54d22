package io.bondy.bridge.kafka;

import static io.bondy.bridge.kafka.KafkaBrokerClientTest.bytes;
import static io.bondy.bridge.kafka.KafkaBrokerClientTest.header;
import static io.bondy.bridge.kafka.KafkaBrokerClientTest.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.bondy.bridge.spi.OutboundRecord;

/**
 * The broker is killed in the middle of 10,000 records and started again on the same port and data: every
 * record whose future completed normally is in Kafka and reached the consumer, every future completes (none
 * hangs), and both clients find the broker again by themselves.
 */
class KafkaBrokerOutageTest {

    @Test
    void everyAcknowledgedRecordArrivesAcrossABrokerRestartAndNoFutureHangs() throws Exception {
        int n = 10_000;
        try (KafkaTestBroker broker = KafkaTestBroker.startNew()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("outage", 2, (short) 1))).all().get();
            }
            Map<String, String> config = Map.of("endpoints", broker.bootstrapServers(),
                    "producer.queue_capacity", "20000", "producer.max_block", "5s", "producer.ack_timeout", "10s",
                    "producer.delivery_timeout", "120s", "health_check_interval", "500ms",
                    "reconnect_cool_down_seconds", "500ms", "consumer.sink_timeout", "5s");
            Set<Integer> consumed = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Void>> futures = new ArrayList<>(n);
            try (KafkaBrokerClient out = (KafkaBrokerClient) new KafkaBrokerClientFactory().create("out", config);
                    KafkaBrokerClient in = (KafkaBrokerClient) new KafkaBrokerClientFactory().create("in", config)) {
                out.start();
                in.start();
                AutoCloseable consuming = in.consume("outage", Map.of("group_id", "outage",
                        "auto_offset_reset", "earliest"), r -> {
                            consumed.add(Integer.parseInt(r.headers().get("seq")));
                            return CompletableFuture.completedFuture(null);
                        });
                for (int i = 0; i < 4_000; i++) {
                    futures.add(produce(out, i));
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> out.health().connected());

                broker.kill();
                for (int i = 4_000; i < 7_000; i++) {
                    futures.add(produce(out, i));
                }
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !out.health().connected());
                assertThat(out.health().lastError()).contains("cannot reach Kafka");

                broker.start();
                System.out.printf("kafka test broker restarted after a kill in %d ms%n", broker.lastStartMillis());
                for (int i = 7_000; i < n; i++) {
                    futures.add(produce(out, i));
                }
                Awaitility.await().atMost(Duration.ofSeconds(180))
                        .until(() -> futures.stream().allMatch(CompletableFuture::isDone));
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> out.health().connected());

                Set<Integer> acknowledged = new TreeSet<>();
                for (int i = 0; i < n; i++) {
                    if (!futures.get(i).isCompletedExceptionally()) {
                        acknowledged.add(i);
                    }
                }
                Map<String, Long> causes = new java.util.TreeMap<>();
                futures.stream().filter(CompletableFuture::isCompletedExceptionally).forEach(f -> f.exceptionally(e -> {
                    causes.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1L, Long::sum);
                    return null;
                }));
                System.out.printf("outage: %d of %d acknowledged, %d failed: %s%n", acknowledged.size(), n,
                        n - acknowledged.size(), causes);
                assertThat(acknowledged).as("before the kill and after the restart")
                        .containsAll(range(0, 4_000)).containsAll(range(7_000, n));

                List<ConsumerRecord<byte[], byte[]>> records =
                        KafkaBrokerClientTest.readAll(broker, List.of("outage"), -1);
                Set<Integer> inKafka = new TreeSet<>();
                Map<Integer, Integer> lastPerPartition = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    int seq = Integer.parseInt(header(r, "seq"));
                    assertThat(string(r.value())).isEqualTo("value-" + seq);
                    if (inKafka.add(seq)) {
                        Integer last = lastPerPartition.put(r.partition(), seq);
                        assertThat(last == null || last < seq).as("order in partition %s", r.partition()).isTrue();
                    }
                }
                assertThat(inKafka).containsAll(acknowledged);
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> consumed.containsAll(acknowledged));
                consuming.close();
            }
        }
    }

    private static CompletableFuture<Void> produce(KafkaBrokerClient client, int i) {
        return client.produce(new OutboundRecord("outage", bytes("key-" + (i % 11)), bytes("value-" + i),
                Map.of("seq", Integer.toString(i)), Map.of()));
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }
}
