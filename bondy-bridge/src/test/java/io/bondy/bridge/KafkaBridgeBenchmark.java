package io.bondy.bridge;

import io.bondy.bridge.kafka.KafkaClientConfig;
import io.bondy.bridge.kafka.KafkaTestBroker;
import io.bondy.core.message.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The {@code bridge} workload of {@code bench/run.sh} (Kafka): events/s that the bridge takes from WAMP
 * publications to an acknowledged Kafka record, beside the bound: the same kafka-clients producer, with the
 * bridge client's settings, producing the very records the bridge produced, in the same run. Then the
 * end-to-end latency (publish to a consumer of the Kafka topic) at a steady, lower rate.
 *
 * <p>Runs only with {@code BONDY_BENCH_BRIDGE=1} (bench/run.sh sets it); {@code BONDY_BENCH_EVENTS} records
 * per round (default 20,000), three alternating rounds, the median reported; {@code BONDY_BENCH_OUT} a file
 * the markdown table is appended to; {@code BONDY_BENCH_LINGER} ({@code producer.max_linger_time}, default
 * 1ms) and {@code BONDY_BENCH_IN_FLIGHT} ({@code broker_bridge.max_in_flight}, default 256) to compare.
 */
@EnabledIfEnvironmentVariable(named = "BONDY_BENCH_BRIDGE", matches = "1|true")
class KafkaBridgeBenchmark {

    private static final int ROUNDS = 5;

    @Test
    void bridgeAgainstTheDirectProducer() throws Exception {
        int n = Integer.parseInt(System.getenv().getOrDefault("BONDY_BENCH_EVENTS", "20000"));
        try (KafkaTestBroker broker = KafkaTestBroker.startNew()) {
            Map<String, String> clientConfig = Map.of("endpoints", broker.bootstrapServers(),
                    "producer.max_linger_time", System.getenv().getOrDefault("BONDY_BENCH_LINGER", "1ms"));
            int inFlight = Integer.parseInt(System.getenv().getOrDefault("BONDY_BENCH_IN_FLIGHT", "256"));
            KafkaClientConfig config = KafkaClientConfig.parse("default", clientConfig);
            double[] bridged = new double[ROUNDS];
            double[] direct = new double[ROUNDS];
            double[] publishing = new double[ROUNDS];
            long[] latencies;
            try (Fixture f = new Fixture(clientConfig, inFlight);
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.producerProperties())) {
                f.bridge.load(spec("bench", "com.example.bench."));
                f.bridge.awaitApplied(10_000);
                for (int i = 0; i < 3; i++) { // warm both paths up (JIT), on records like the measured ones
                    publishAndWait(f, "com.example.bench.warmup" + i, n, delivered(f));
                    directRound(producer, readBack(broker, "bench", "com.example.bench.warmup" + i, n));
                }
                for (int round = 0; round < ROUNDS; round++) {
                    String topic = "com.example.bench.r" + round;
                    long t0 = System.nanoTime();
                    publishing[round] = n / publishAndWait(f, topic, n, delivered(f));
                    bridged[round] = n / seconds(t0);
                    List<ConsumerRecord<byte[], byte[]>> records = readBack(broker, "bench", topic, n);
                    direct[round] = directRound(producer, records);
                }
                latencies = latency(broker, f, 1_000, Duration.ofSeconds(3));
            }
            double b = median(bridged);
            double d = median(direct);
            Arrays.sort(latencies);
            String report = String.format("""

                    ### bridge (Kafka)

                    WAMP publication (internal publisher, acknowledged) to an acknowledged Kafka record, %,d events
                    per round, %d rounds alternating with the direct producer (same kafka-clients producer and
                    settings, the same records), median, after 3 warm-up rounds of each; outbox max_in_flight %d,
                    producer.max_linger_time %s; Kafka test broker (KRaft, child JVM) on this machine.

                    | path | events/s | ratio |
                    |---|---:|---:|
                    | bridge: WAMP → Kafka | %,.0f | %.2f |
                    | kafka-clients producer alone (the bound) | %,.0f | 1.00 |

                    End-to-end latency, publish → Kafka consumer, at 1,000 events/s for 3 s (%d events):
                    p50 %.1f ms, p99 %.1f ms, max %.1f ms.
                    """, n, ROUNDS, inFlight, clientConfig.get("producer.max_linger_time"), b, b / d, d, latencies.length, ms(latencies, 0.50), ms(latencies, 0.99),
                    latencies.length == 0 ? 0.0 : latencies[latencies.length - 1] / 1e6);
            System.out.println(report);
            System.out.printf("rounds: bridge %s, direct %s, publishing alone (events/s) %s%n", Arrays.toString(bridged),
                    Arrays.toString(direct), Arrays.toString(publishing));
            String out = System.getenv("BONDY_BENCH_OUT");
            if (out != null && !out.isBlank()) {
                Files.writeString(Path.of(out), report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        }
    }

    /** The same records through the same producer, straight: events/s until the last acknowledgement. */
    private static double directRound(KafkaProducer<byte[], byte[]> producer,
            List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            producer.send(new ProducerRecord<>("bench-direct", r.key(), r.value()), (m, e) -> {
                if (e == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(e);
                }
            });
            acks.add(ack);
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return records.size() / seconds(t0);
    }

    private static Map<String, Object> spec(String kafkaTopic, String prefix) {
        return Map.of("id", "bench-" + kafkaTopic, "kind", "broker_bridge", "version", "1.0", "meta", Map.of(),
                "subscriptions", List.of(Map.of("bridge", "kafka",
                        "match", Map.of("realm", "realm1", "topic", prefix, "options", Map.of("match", "prefix")),
                        "action", Map.of("type", "produce", "topic", kafkaTopic, "key", "{{event.topic}}",
                                "value", "{{event}}", "options", Map.of("client_id", "default")))));
    }

    /**
     * Publishes n events (acknowledged by the router) and waits until the bridge delivered them all;
     * returns the seconds the publishing alone took (the router, the expressions and the queue offer).
     */
    private static double publishAndWait(Fixture f, String topic, int n, long deliveredBefore)
            throws Exception {
        long t0 = System.nanoTime();
        List<CompletableFuture<Long>> published = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            published.add(f.publisher.publishAcknowledged(topic, Payload.of(List.of(i, "arg"),
                    Map.of("seq", i, "name", "event " + i)), Map.of()));
        }
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        double publishing = seconds(t0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (delivered(f) < deliveredBefore + n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bridge delivered " + (delivered(f) - deliveredBefore) + " of " + n);
            }
            Thread.sleep(1);
        }
        return publishing;
    }

    private static long delivered(Fixture f) {
        return f.bridge.status().stream().mapToLong(s -> ((Number) s.getOrDefault("delivered", 0L)).longValue())
                .sum();
    }

    /** The records the bridge produced for one WAMP topic (its key), to replay them directly. */
    private static List<ConsumerRecord<byte[], byte[]>> readBack(KafkaTestBroker broker, String kafkaTopic,
            String wampTopic, int n) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(n);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker)) {
            consumer.subscribe(List.of(kafkaTopic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (wampTopic.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        records.add(r);
                    }
                }
            }
        }
        if (records.size() < n) {
            throw new AssertionError("read back " + records.size() + " of " + n + " records");
        }
        return records;
    }

    /** Publish → Kafka consumer latency at a steady rate (nanoTime in kwargs: one JVM). */
    private static long[] latency(KafkaTestBroker broker, Fixture f, int perSecond, Duration length)
            throws Exception {
        f.bridge.load(spec("bench-latency", "com.example.latency."));
        f.bridge.awaitApplied(10_000);
        int n = (int) (perSecond * length.toSeconds());
        long[] samples = new long[n];
        CountDownLatch all = new CountDownLatch(n);
        CountDownLatch assigned = new CountDownLatch(1);
        AtomicReference<KafkaConsumer<byte[], byte[]>> ref = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker)) {
                ref.set(consumer);
                consumer.subscribe(List.of("bench-latency"));
                while (all.getCount() > 0) {
                    if (!consumer.assignment().isEmpty()) {
                        assigned.countDown();
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        Map<?, ?> kwargs = (Map<?, ?>) io.bondy.bridge.mapping.Json.decodeObject(r.value()).get("kwargs");
                        int seq = ((Number) kwargs.get("seq")).intValue();
                        if (seq >= 0 && seq < n) {
                            samples[seq] = now - ((Number) kwargs.get("t")).longValue();
                            all.countDown();
                        }
                    }
                }
            } catch (WakeupException e) {
                // timed out
            }
        }, "bench-latency-reader");
        reader.start();
        // the reader's group must own the partition before the first event: probe until it does
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!assigned.await(100, TimeUnit.MILLISECONDS) && System.nanoTime() < until) {
            f.publisher.publishAcknowledged("com.example.latency.x", Payload.of(List.of(),
                    Map.of("seq", -1, "t", System.nanoTime())), Map.of());
        }
        Thread.sleep(500);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            f.publisher.publishAcknowledged("com.example.latency.x", Payload.of(List.of(),
                    Map.of("seq", i, "t", System.nanoTime())), Map.of());
        }
        if (!all.await(60, TimeUnit.SECONDS)) {
            ref.get().wakeup();
        }
        reader.join(10_000);
        return Arrays.stream(samples).filter(s -> s > 0).toArray();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaTestBroker broker) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? 0.0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }


    /** A router with realm1 and a bridge with one Kafka client "default" (like BridgeFixture, max_in_flight set). */
    private static final class Fixture implements AutoCloseable {

        final io.bondy.core.router.Router router = io.bondy.core.router.Router.development();
        final io.bondy.core.router.Realm realm = router.realm("realm1").orElseGet(() -> router.addRealm(
                new io.bondy.core.config.RealmConfig("realm1", "bench realm", List.of("anonymous"), false)));
        final BrokerBridge bridge;
        final io.bondy.core.router.session.InternalSession publisher;

        Fixture(Map<String, String> clientConfig, int maxInFlight) {
            var outbox = new io.bondy.bridge.outbox.OutboxSettings(100_000, 1_000_000, maxInFlight,
                    Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(2));
            BridgeSettings settings = BridgeSettings.defaults()
                    .withClients(Map.of("kafka", Map.of("default", clientConfig))).withOutbox(outbox);
            bridge = new BrokerBridge(settings, ClientRegistry.withBuiltIns(), router,
                    new io.bondy.core.store.MemoryStore("node0"), new io.bondy.core.store.MemoryStore("node0"),
                    BridgeMetrics.NOOP);
            bridge.start();
            publisher = io.bondy.core.router.session.InternalSession.join(router, realm,
                    new io.bondy.core.spi.AuthIdentity("publisher", "user", "anonymous", "bench", Map.of()));
        }

        @Override
        public void close() {
            bridge.close();
            router.shutdown();
        }
    }
}
