package io.bondy.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.bondy.bridge.spi.InboundRecord;
import io.bondy.bridge.spi.OutboundRecord;

/** The Kafka client against a real broker (one for the class): both ways, complete and in order. */
class KafkaBrokerClientTest {

    private static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.startNew();
        System.out.printf("kafka test broker started in %d ms%n", broker.lastStartMillis());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("one", 1, (short) 1), new NewTopic("three", 3, (short) 1),
                    new NewTopic("in", 3, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void tenThousandRecordsWithKeysValuesAndHeadersArriveCompleteAndInPartitionOrder() throws Exception {
        int n = 10_000;
        List<CompletableFuture<Void>> futures = new ArrayList<>(n);
        try (KafkaBrokerClient client = client("out", Map.of())) {
            client.start();
            for (int i = 0; i < n; i++) {
                String topic = i % 2 == 0 ? "one" : "three";
                futures.add(client.produce(new OutboundRecord(topic, bytes("key-" + (i % 7)), bytes("value-" + i),
                        Map.of("seq", Integer.toString(i), "origin", "bondy"), Map.of())));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
            assertThat(client.acknowledged()).isEqualTo(n);
            assertThat(client.health().lastError()).isNull();
        }
        List<ConsumerRecord<byte[], byte[]>> records = readAll(List.of("one", "three"), n);
        assertThat(records).hasSize(n);
        Map<String, Integer> lastPerPartition = new HashMap<>();
        Map<String, Integer> partitionOfKey = new HashMap<>();
        List<Integer> seen = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            int seq = Integer.parseInt(header(r, "seq"));
            assertThat(string(r.value())).isEqualTo("value-" + seq);
            assertThat(string(r.key())).isEqualTo("key-" + (seq % 7));
            assertThat(header(r, "origin")).isEqualTo("bondy");
            assertThat(r.topic()).isEqualTo(seq % 2 == 0 ? "one" : "three");
            String tp = r.topic() + "-" + r.partition();
            Integer last = lastPerPartition.put(tp, seq);
            assertThat(last == null || last < seq).as("order in %s: %s after %s", tp, seq, last).isTrue();
            Integer p = partitionOfKey.putIfAbsent(r.topic() + "/" + string(r.key()), r.partition());
            assertThat(p == null || p == r.partition()).as("one key, one partition").isTrue();
            seen.add(seq);
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(n);
        assertThat(lastPerPartition).containsKeys("one-0", "three-0", "three-1", "three-2");
    }

    @Test
    void aFixedPartitionAndBondysPartitionerChooseThePartition() throws Exception {
        try (KafkaBrokerClient client = client("partitions", Map.of())) {
            client.start();
            client.produce(new OutboundRecord("three", null, bytes("p2"), Map.of(),
                    Map.of(KafkaBrokerClient.OPTION_PARTITION, 2))).get();
            client.produce(new OutboundRecord("three", null, bytes("fnv"), Map.of(),
                    Map.of(KafkaBrokerClient.OPTION_PARTITIONER, Map.of("algorithm", "fnv32a", "value", "foobar"))))
                    .get();
        }
        Map<String, Integer> partitionOf = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(List.of("three"), -1)) {
            partitionOf.put(string(r.value()), r.partition());
        }
        assertThat(partitionOf).containsEntry("p2", 2)
                .containsEntry("fnv", Integer.remainderUnsigned(0xbf9cf968, 3));
    }

    @Test
    void consumerHandsEveryRecordToTheSinkInOrderAndRedeliversWhatTheSinkRefused() throws Exception {
        int n = 3_000;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("in", bytes("k" + (i % 5)), bytes("" + i));
                r.headers().add("seq", bytes("" + i));
                producer.send(r);
            }
            producer.flush();
        }
        Map<Integer, List<Integer>> perPartitionKey = new ConcurrentHashMap<>();
        List<Integer> received = new CopyOnWriteArrayList<>();
        AtomicBoolean refusedOnce = new AtomicBoolean();
        try (KafkaBrokerClient client = client("in", Map.of("consumer.sink_timeout", "5s"))) {
            client.start();
            try (AutoCloseable handle = client.consume("in", Map.of("group_id", "g1", "auto_offset_reset",
                    "earliest"), record -> {
                        int seq = Integer.parseInt(record.headers().get("seq"));
                        assertThat(record.source()).isEqualTo("in");
                        assertThat(record.topic()).isEqualTo("in");
                        if (seq == 1_234 && refusedOnce.compareAndSet(false, true)) {
                            return CompletableFuture.failedFuture(new IllegalStateException("not now"));
                        }
                        perPartitionKey.computeIfAbsent(seq % 5, k -> new CopyOnWriteArrayList<>()).add(seq);
                        received.add(seq);
                        return CompletableFuture.completedFuture(null);
                    })) {
                Awaitility.await().atMost(Duration.ofSeconds(120))
                        .until(() -> received.stream().distinct().count() == n);
            }
            assertThat(refusedOnce).isTrue();
            assertThat(received).contains(1_234);
            // per key (so within a partition) the sink saw the log's order; the one step back is the rewind
            // to the refused record, from which that partition came again in order
            perPartitionKey.forEach((key, seqs) -> {
                for (int i = 1; i < seqs.size(); i++) {
                    if (seqs.get(i) <= seqs.get(i - 1)) {
                        // back to the refused record, or (another key of its partition) to the first after it
                        assertThat(seqs.get(i)).as("a step back in key %s", key).isBetween(1_234, 1_238);
                    }
                }
            });

            // the offsets were committed: the same group starts after everything
            List<InboundRecord> again = new CopyOnWriteArrayList<>();
            try (AutoCloseable handle = client.consume("in", Map.of("group_id", "g1"), r -> {
                again.add(r);
                return CompletableFuture.completedFuture(null);
            })) {
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("in", bytes("k0"), bytes("last"));
                        r.headers().add("seq", bytes("-1"));
                        producer.send(r).get();
                        return !again.isEmpty();
                    });
                }
            }
            assertThat(again).allSatisfy(r -> assertThat(string(r.value())).isEqualTo("last"));
        }
    }

    @Test
    void withNoBrokerEveryProduceFailsWithinItsBoundsAndTheQueueRefusesAtOnce() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        KafkaBrokerClient client = (KafkaBrokerClient) new KafkaBrokerClientFactory().create("dead", Map.of(
                "endpoints", "127.0.0.1:" + deadPort, "producer.queue_capacity", "2", "producer.max_block", "2s",
                "health_check_interval", "500ms"));
        assertThat(client.produce(new OutboundRecord("one", null, bytes("x"), Map.of(), Map.of())))
                .as("not started").isCompletedExceptionally();
        client.start();
        try {
            // the sender waits max_block for metadata of each record in turn; the queue holds two more
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                futures.add(client.produce(new OutboundRecord("one", null, bytes("x" + i), Map.of(), Map.of())));
            }
            assertThat(System.nanoTime() - t0).as("produce never blocks").isLessThan(1_000_000_000L);
            assertThat(futures.stream().filter(f -> f.isCompletedExceptionally()).count())
                    .as("refused at once").isGreaterThanOrEqualTo(17);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> futures.stream().allMatch(f -> f.isDone()));
            assertThat(futures).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client.health().lastError() != null);
            assertThat(client.health().connected()).isFalse();
            assertThat(client.failed()).as("the one before start and the 20").isEqualTo(21);
        } finally {
            client.close();
        }
        assertThat(client.produce(new OutboundRecord("one", null, bytes("x"), Map.of(), Map.of())))
                .as("closed").isCompletedExceptionally();
    }

    static KafkaBrokerClient client(String name, Map<String, String> extra) {
        // generous timeouts: these tests check completeness and order, on a loaded 2-core machine
        Map<String, String> config = new HashMap<>(Map.of("producer.ack_timeout", "30s",
                "producer.delivery_timeout", "120s"));
        config.putAll(extra);
        config.put("endpoints", broker.bootstrapServers());
        return (KafkaBrokerClient) new KafkaBrokerClientFactory().create(name, config);
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(List<String> topics, int expected) {
        return readAll(broker, topics, expected);
    }

    /** Reads topics from the start until {@code expected} records (or, if -1, until quiet for 2 s). */
    static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaTestBroker broker, List<String> topics, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long[] quietSince = {System.nanoTime()};
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> {
                var batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(records::add);
                if (!batch.isEmpty()) {
                    quietSince[0] = System.nanoTime();
                }
                return expected >= 0 ? records.size() >= expected
                        : !records.isEmpty() && System.nanoTime() - quietSince[0] > 2_000_000_000L;
            });
        }
        return records;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : string(h.value());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
