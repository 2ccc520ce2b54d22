package io.bondy.bridge;

import io.bondy.bridge.kafka.KafkaClientConfig;
import io.bondy.bridge.kafka.KafkaTestBroker;
import io.bondy.bridge.mapping.Json;
import io.bondy.bridge.outbox.OutboxSettings;
import io.bondy.bridge.spi.BridgeHealth;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.BrokerClientFactory;
import io.bondy.bridge.spi.OutboundRecord;
import io.bondy.core.message.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The {@code bridge} workload of {@code bench/run.sh}: per broker (Kafka, AMQP, MQTT, NATS JetStream), the
 * events/s the bridge takes from WAMP publications to records the broker acknowledged, beside the bound: the
 * same client library, in this JVM, producing the very records the bridge produced in an untimed round before
 * (recorded on their way to the bridge's client) and waiting for every acknowledgement, in the same run, rounds
 * alternating. Then the
 * end-to-end latency at a steady 1,000 events/s: from the WAMP publish to a consumer's receipt of the record
 * (nanoTime in the event: one JVM), and from the publish to the broker's acknowledgement (the bridge's own
 * metric, millisecond resolution).
 *
 * <p>Runs only with {@code BONDY_BENCH_BRIDGE=1} (bench/run.sh sets it). Environment:
 * {@code BONDY_BENCH_BROKERS} (comma-separated; default {@code kafka,amqp,mqtt,nats}),
 * {@code BONDY_BENCH_EVENTS} events per round (default 20,000), {@code BONDY_BENCH_ROUNDS} measured rounds
 * (default 5; the median is reported) after at least {@code BONDY_BENCH_WARMUP} warm-up rounds of each path
 * (default 3; more, up to 30 s, until the JIT compiled for at most 5% of the time of two pairs in a row),
 * {@code BONDY_BENCH_LATENCY_SECONDS} (default 3), {@code BONDY_BENCH_IN_FLIGHT} ({@code broker_bridge.max_in_flight},
 * default the shipped default), {@code BONDY_BENCH_LINGER} (Kafka's {@code producer.max_linger_time}, default
 * 1ms), {@code BONDY_BENCH_OUT} a file the markdown report is appended to. Kafka is a KRaft test broker in a
 * child JVM; RabbitMQ (127.0.0.1:5672, guest/guest), Mosquitto (127.0.0.1:1883) and NATS with JetStream
 * (127.0.0.1:4222) are the machine's: the benchmark makes its own queue, topics and stream and removes them.
 */
@EnabledIfEnvironmentVariable(named = "BONDY_BENCH_BRIDGE", matches = "1|true")
class BridgeBenchmark {

    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    /** Warm-up goes on until the JIT compiled for at most this share of two pairs of rounds in a row... */
    private static final double WARM_JIT_SHARE = 0.05;
    /** ...but not longer than this (after the minimum number of pairs). */
    private static final double WARM_MAX_SECONDS = 30;

    @Test
    void bridgeAgainstEachBrokersClientAlone() throws Exception {
        Map<String, String> env = System.getenv();
        int n = Integer.parseInt(env.getOrDefault("BONDY_BENCH_EVENTS", "20000"));
        int rounds = Integer.parseInt(env.getOrDefault("BONDY_BENCH_ROUNDS", "5"));
        int warmup = Integer.parseInt(env.getOrDefault("BONDY_BENCH_WARMUP", "3"));
        int latencySeconds = Integer.parseInt(env.getOrDefault("BONDY_BENCH_LATENCY_SECONDS", "3"));
        int inFlight = Integer.parseInt(env.getOrDefault("BONDY_BENCH_IN_FLIGHT",
                Integer.toString(OutboxSettings.defaults().maxInFlight())));
        List<String> brokers = Arrays.stream(env.getOrDefault("BONDY_BENCH_BROKERS", "kafka,amqp,mqtt,nats").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<Result> results = new ArrayList<>();
        for (String kind : brokers) {
            try (Target target = target(kind)) {
                results.add(measure(target, n, rounds, warmup, inFlight, latencySeconds));
            } catch (Exception | AssertionError e) {
                System.out.println("bridge benchmark: " + kind + " failed: " + e);
                e.printStackTrace(System.out);
                results.add(new Result(kind, e.toString()));
            }
        }
        String report = report(results, n, rounds, warmup, inFlight, latencySeconds);
        System.out.println(report);
        String out = env.get("BONDY_BENCH_OUT");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        for (Result r : results) {
            if (r.error != null) {
                throw new AssertionError("bridge benchmark: " + r.kind + " failed: " + r.error);
            }
        }
    }

    private static Target target(String kind) throws Exception {
        return switch (kind) {
            case "kafka" -> new KafkaTarget();
            case "amqp" -> new AmqpTarget();
            case "mqtt" -> new MqttTarget();
            case "nats" -> new NatsTarget();
            default -> throw new IllegalArgumentException("unknown broker " + kind + " (kafka, amqp, mqtt, nats)");
        };
    }

    private static Result measure(Target target, int n, int rounds, int warmup, int inFlight, int latencySeconds)
            throws Exception {
        double[] bridged = new double[rounds];
        double[] direct = new double[rounds];
        double[] publishing = new double[rounds];
        double[] bridgedCpu = new double[rounds];
        double[] directCpu = new double[rounds];
        Result result = new Result(target.kind(), null);
        try (Fixture f = new Fixture(target, inFlight, Math.max(100_000, n))) {
            f.bridge.load(spec(target, "bench", target.topic(), "com.example.bench."));
            f.bridge.awaitApplied(10_000);
            f.awaitConnected();
            // One untimed round records what the bridge produces: the direct path's records in every round. The
            // timed bridge rounds record nothing (keeping 100,000s of records alive there would make their young
            // collections copy them, a cost of the benchmark, not of the bridge).
            f.recording = true;
            publishAndWait(f, "com.example.bench.recorded", n);
            f.recording = false;
            List<OutboundRecord> records = List.copyOf(f.recorded);
            f.recorded.clear();
            if (records.size() < n) {
                throw new AssertionError("recorded " + records.size() + " of " + n + " records");
            }
            records = records.subList(0, n);
            target.afterRound();
            // Both paths warm up (JIT, connections): at least `warmup` pairs of rounds, then more until the JIT
            // compiled for at most WARM_JIT_SHARE of the time of two pairs in a row (on 2 cores its compiler
            // threads take CPU from the rounds), up to WARM_MAX_SECONDS.
            long warmStart = System.nanoTime();
            int pairs = 0;
            int quiet = 0; // pairs in a row with little compilation
            double jitShare = 1;
            while (pairs < warmup || quiet < 2 && seconds(warmStart) < WARM_MAX_SECONDS) {
                long t0 = System.nanoTime();
                long jit0 = jitMillis();
                publishAndWait(f, "com.example.bench.warmup" + pairs, n);
                target.direct(records);
                target.afterRound();
                jitShare = (jitMillis() - jit0) / (seconds(t0) * 1e3);
                quiet = jitShare <= WARM_JIT_SHARE ? quiet + 1 : 0;
                pairs++;
            }
            result.warmupPairs = pairs;
            result.warmupSeconds = seconds(warmStart);
            result.lastWarmupJitShare = jitShare;
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                long cpu0 = cpuNanos();
                long jit0 = jitMillis();
                publishing[round] = publishAndWait(f, "com.example.bench.r" + round, n);
                bridged[round] = n / seconds(t0);
                bridgedCpu[round] = (cpuNanos() - cpu0) / 1e3 / n;
                result.bridgedJitMillis += jitMillis() - jit0;
                t0 = System.nanoTime();
                cpu0 = cpuNanos();
                jit0 = jitMillis();
                target.direct(records);
                direct[round] = n / seconds(t0);
                directCpu[round] = (cpuNanos() - cpu0) / 1e3 / n;
                result.directJitMillis += jitMillis() - jit0;
                target.afterRound();
            }
            Map<String, Object> status = f.bridge.status().get(0);
            result.window = ((Number) status.get("max_in_flight")).intValue();
            result.retried = ((Number) status.get("retried")).longValue();
            result.failed = ((Number) status.get("failed")).longValue();
            latency(target, f, 1_000, latencySeconds, result);
        }
        result.bridged = bridged;
        result.direct = direct;
        result.publishing = publishing;
        result.bridgedCpu = bridgedCpu;
        result.directCpu = directCpu;
        return result;
    }

    private static Map<String, Object> spec(Target target, String id, String brokerTopic, String prefix) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "produce");
        action.put("topic", brokerTopic);
        if (target.keyed()) {
            action.put("key", "{{event.topic}}");
        }
        action.put("value", "{{event}}");
        action.put("options", Map.of("client_id", "default"));
        return Map.of("id", id + "-" + target.kind(), "kind", "broker_bridge", "version", "1.0", "meta", Map.of(),
                "subscriptions", List.of(Map.of("bridge", target.kind(),
                        "match", Map.of("realm", "realm1", "topic", prefix, "options", Map.of("match", "prefix")),
                        "action", action)));
    }

    /**
     * Publishes n events (acknowledged by the router) and waits until the bridge delivered them all; returns
     * the events/s of the publishing alone (the router, the expressions, the JSON, the outbox's offer).
     */
    private static double publishAndWait(Fixture f, String topic, int n) throws Exception {
        long t0 = System.nanoTime();
        long before = f.delivered();
        java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch all = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            Payload payload = Payload.of(List.of(i, "arg"), Map.of("seq", i, "name", "event " + i));
            f.publisher.publishAcknowledged(topic, payload, Map.of()).whenComplete((id, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                        if (acknowledged.incrementAndGet() == n) {
                            all.countDown();
                        }
                    });
        }
        if (!all.await(120, TimeUnit.SECONDS) || failure.get() != null) {
            throw new AssertionError("publications: " + acknowledged.get() + " of " + n + " answered, failure "
                    + failure.get());
        }
        double publishing = n / seconds(t0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (f.delivered() < before + n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bridge delivered " + (f.delivered() - before) + " of " + n + ": "
                        + f.bridge.status());
            }
            Thread.sleep(1);
        }
        return publishing;
    }

    /**
     * Publish → consumer latency at a steady rate (nanoTime in the event's kwargs) and publish → broker
     * acknowledgement (the bridge's metric). Probes first until the consumer receives one, so it is ready.
     */
    private static void latency(Target target, Fixture f, int perSecond, int lengthSeconds, Result result)
            throws Exception {
        f.bridge.load(spec(target, "latency", target.latencyTopic(), "com.example.latency."));
        f.bridge.awaitApplied(10_000);
        int n = perSecond * lengthSeconds;
        long[] samples = new long[n];
        CountDownLatch all = new CountDownLatch(n);
        CountDownLatch probed = new CountDownLatch(1);
        try (AutoCloseable consumer = target.consume(target.latencyTopic(), value -> {
            long now = System.nanoTime();
            Map<?, ?> kwargs = (Map<?, ?>) Json.decodeObject(value).get("kwargs");
            int seq = ((Number) kwargs.get("seq")).intValue();
            if (seq < 0) {
                probed.countDown();
            } else if (seq < n && samples[seq] == 0) {
                samples[seq] = now - ((Number) kwargs.get("t")).longValue();
                all.countDown();
            }
        })) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!probed.await(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("the latency consumer received nothing in 60 s");
                }
                f.publisher.publishAcknowledged("com.example.latency.x", Payload.of(List.of(),
                        Map.of("seq", -1, "t", System.nanoTime())), Map.of());
            }
            Thread.sleep(300);
            f.acks.clear();
            f.measuringAcks = true;
            long start = System.nanoTime();
            long interval = 1_000_000_000L / perSecond;
            for (int i = 0; i < n; i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                f.publisher.publishAcknowledged("com.example.latency.x", Payload.of(List.of(),
                        Map.of("seq", i, "t", System.nanoTime())), Map.of());
            }
            all.await(60, TimeUnit.SECONDS);
            f.measuringAcks = false;
        }
        result.consumerLatency = Arrays.stream(samples).filter(s -> s > 0).sorted().toArray();
        result.ackLatencyMillis = f.acks.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    // ------------------------------------------------------------------ report

    /** One broker's figures (or its error). */
    private static final class Result {
        final String kind;
        final String error;
        double[] bridged = new double[0];
        double[] direct = new double[0];
        double[] publishing = new double[0];
        double[] bridgedCpu = new double[0];
        double[] directCpu = new double[0];
        long[] consumerLatency = new long[0];
        long[] ackLatencyMillis = new long[0];
        int window;
        int warmupPairs;
        double warmupSeconds;
        double lastWarmupJitShare;
        long bridgedJitMillis;
        long directJitMillis;
        long retried;
        long failed;

        Result(String kind, String error) {
            this.kind = kind;
            this.error = error;
        }
    }

    private static String report(List<Result> results, int n, int rounds, int warmup, int inFlight,
            int latencySeconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, """

                ### bridge

                WAMP publication (internal publisher, acknowledged) to a record the broker acknowledged, beside the
                broker's own client library producing the same records directly and waiting for every
                acknowledgement (the bound); %,d events per round, %d rounds alternating with the direct path, median,
                after at least %d warm-up rounds of each (more while the JIT still compiles: see the rounds);
                broker_bridge.max_in_flight %d (each client's window: the smaller of
                it and the client's max_in_flight). Latency at 1,000 events/s for %d s: WAMP publish → a consumer's
                receipt of the record, and WAMP publish → the broker's acknowledgement (the bridge's metric, ms).

                | broker | window | bridge events/s | direct events/s (bound) | ratio | publish → consumer p50 / p99 | publish → ack p50 / p99 |
                |---|---:|---:|---:|---:|---|---|
                """, n, rounds, warmup, inFlight, latencySeconds));
        for (Result r : results) {
            if (r.error != null) {
                b.append(String.format("| %s | | failed: %s | | | | |%n", name(r.kind), r.error.replace('|', '/')));
                continue;
            }
            double bridged = median(r.bridged);
            double direct = median(r.direct);
            b.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %.2f | %.1f / %.1f ms | %d / %d ms |%n",
                    name(r.kind), r.window, bridged, direct, bridged / direct,
                    r.consumerLatency.length == 0 ? 0.0 : q(r.consumerLatency, 0.50) / 1e6,
                    r.consumerLatency.length == 0 ? 0.0 : q(r.consumerLatency, 0.99) / 1e6,
                    r.ackLatencyMillis.length == 0 ? 0 : q(r.ackLatencyMillis, 0.50),
                    r.ackLatencyMillis.length == 0 ? 0 : q(r.ackLatencyMillis, 0.99)));
        }
        b.append("\nRounds (events/s; \"publishing alone\": until the router acknowledged every publication of"
                + " the bridge round, i.e. the router, the expressions, the JSON encoding and the outbox's offer on the"
                + " publisher's thread; CPU: of the benchmark's JVM, all its threads, not the brokers'):\n\n");
        for (Result r : results) {
            if (r.error == null) {
                b.append(String.format(Locale.ROOT, "- %s: bridge %s; direct %s; publishing alone %s; CPU of this"
                        + " JVM per event (median, µs): bridge %.1f, direct %.1f; JIT compilation during the measured"
                        + " rounds: bridge %,d ms, direct %,d ms, after %d warm-up pairs in %.1f s (JIT %.0f%% of the"
                        + " last); records the bridge sent again %,d, failed %,d; latency samples %d%n", name(r.kind),
                        rounded(r.bridged), rounded(r.direct), rounded(r.publishing), median(r.bridgedCpu),
                        median(r.directCpu), r.bridgedJitMillis, r.directJitMillis, r.warmupPairs, r.warmupSeconds,
                        r.lastWarmupJitShare * 100, r.retried, r.failed, r.consumerLatency.length));
            }
        }
        return b.toString();
    }

    private static String name(String kind) {
        return switch (kind) {
            case "kafka" -> "Kafka (kafka-clients, acks=all, idempotent)";
            case "amqp" -> "AMQP (RabbitMQ, amqp-client, publisher confirms, persistent)";
            case "mqtt" -> "MQTT (Mosquitto, Paho, QoS 1)";
            case "nats" -> "NATS JetStream (jnats publishAsync, file stream)";
            default -> kind;
        };
    }

    private static String rounded(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%,.0f", v)).toList().toString();
    }

    /** Milliseconds the JIT compilers of this JVM have spent so far. */
    private static long jitMillis() {
        return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** CPU time of this JVM (every thread: publisher, router, bridge, client library), not of the brokers. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }

    private static long q(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }

    // ------------------------------------------------------------------ brokers

    /** One broker: the bridge client's keys, and its client library used directly (the bound) and to consume. */
    private interface Target extends AutoCloseable {

        String kind();

        Map<String, String> clientConfig();

        /** The broker topic / queue / subject of the measured rounds. */
        String topic();

        String latencyTopic();

        /** Whether the records carry a key (NATS: the key is JetStream's de-duplication id, so no). */
        default boolean keyed() {
            return true;
        }

        /** Produces the records with the library alone and returns once every one is acknowledged. */
        void direct(List<OutboundRecord> records) throws Exception;

        /** Between rounds (e.g. empties a queue). */
        default void afterRound() throws Exception {
        }

        /** Calls back with the value of each record arriving on {@code topic}; close stops. */
        AutoCloseable consume(String topic, Consumer<byte[]> onValue) throws Exception;
    }

    /** Kafka: a KRaft test broker; the direct path is a kafka-clients producer with the bridge client's properties. */
    private static final class KafkaTarget implements Target {
        private final KafkaTestBroker broker = KafkaTestBroker.startNew();
        private final Map<String, String> config = Map.of("endpoints", broker.bootstrapServers(),
                "producer.max_linger_time", System.getenv().getOrDefault("BONDY_BENCH_LINGER", "1ms"));
        private final org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(
                        KafkaClientConfig.parse("default", config).producerProperties());

        @Override
        public String kind() {
            return "kafka";
        }

        @Override
        public Map<String, String> clientConfig() {
            return config;
        }

        @Override
        public String topic() {
            return "bench";
        }

        @Override
        public String latencyTopic() {
            return "bench-latency";
        }

        @Override
        public void direct(List<OutboundRecord> records) throws Exception {
            List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
            for (OutboundRecord r : records) {
                CompletableFuture<Void> ack = new CompletableFuture<>();
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(r.topic(), r.key(), r.value()),
                        (m, e) -> {
                            if (e == null) {
                                ack.complete(null);
                            } else {
                                ack.completeExceptionally(e);
                            }
                        });
                acks.add(ack);
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }

        @Override
        public AutoCloseable consume(String topic, Consumer<byte[]> onValue) {
            var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.<String, Object>of(
                    "bootstrap.servers", broker.bootstrapServers(), "group.id", "bench-" + System.nanoTime(),
                    "auto.offset.reset", "latest", "fetch.max.wait.ms", "10", "max.poll.records", "5000"),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            AtomicReference<Boolean> stop = new AtomicReference<>(false);
            Thread reader = new Thread(() -> {
                try (consumer) {
                    consumer.subscribe(List.of(topic));
                    while (!stop.get()) {
                        for (var r : consumer.poll(Duration.ofMillis(50))) {
                            onValue.accept(r.value());
                        }
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    // stopped
                }
            }, "bench-kafka-reader");
            reader.start();
            return () -> {
                stop.set(true);
                consumer.wakeup();
                reader.join(10_000);
            };
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
            broker.close();
        }
    }

    /**
     * RabbitMQ: durable queues, persistent messages to the default exchange; the direct path is a confirming
     * channel keeping as many messages unconfirmed as the bridge's client (its default max_in_flight).
     */
    private static final class AmqpTarget implements Target {
        private static final int WINDOW = 4096;
        private final Semaphore window = new Semaphore(WINDOW);
        private final java.util.concurrent.ConcurrentSkipListSet<Long> unconfirmed =
                new java.util.concurrent.ConcurrentSkipListSet<>();
        private final java.util.concurrent.atomic.AtomicLong nacked = new java.util.concurrent.atomic.AtomicLong();
        private final com.rabbitmq.client.Connection connection;
        private final com.rabbitmq.client.Channel admin;
        private final com.rabbitmq.client.Channel publisher;

        AmqpTarget() throws Exception {
            com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
            factory.setHost("127.0.0.1");
            factory.setPort(5672);
            factory.setRequestedHeartbeat(10);
            connection = factory.newConnection("bondy-bench-direct");
            admin = connection.createChannel();
            admin.queueDeclare(topic(), true, false, false, null);
            admin.queueDeclare(latencyTopic(), true, false, false, null);
            publisher = connection.createChannel();
            publisher.confirmSelect();
            publisher.addConfirmListener(this::confirmed, (seq, multiple) -> {
                nacked.incrementAndGet();
                confirmed(seq, multiple);
            });
        }

        @Override
        public String kind() {
            return "amqp";
        }

        @Override
        public Map<String, String> clientConfig() {
            return Map.of("endpoints", "127.0.0.1:5672");
        }

        @Override
        public String topic() {
            return "bondy-bench-" + RUN;
        }

        @Override
        public String latencyTopic() {
            return "bondy-bench-latency-" + RUN;
        }

        @Override
        public void direct(List<OutboundRecord> records) throws Exception {
            for (OutboundRecord r : records) {
                window.acquire(); // as many unconfirmed as the bridge's client keeps
                // the properties the bridge's client sets: its sequence header, persistent, the key as message id
                long seq = publisher.getNextPublishSeqNo();
                Map<String, Object> headers = new java.util.HashMap<>(r.headers());
                headers.put("x-bondy-seq", seq);
                var props = new com.rabbitmq.client.AMQP.BasicProperties.Builder().headers(headers).deliveryMode(2)
                        .messageId(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8)).build();
                unconfirmed.add(seq);
                publisher.basicPublish("", r.topic(), false, props, r.value());
            }
            if (!window.tryAcquire(WINDOW, 120, TimeUnit.SECONDS)) {
                throw new AssertionError("AMQP direct: " + unconfirmed.size() + " unconfirmed");
            }
            window.release(WINDOW);
            if (nacked.get() > 0) {
                throw new AssertionError("AMQP direct: " + nacked.get() + " nacked");
            }
        }

        /** Confirms (one or, with multiple, every one up to seq) free their places in the window. */
        private void confirmed(long seq, boolean multiple) {
            int n = 0;
            if (multiple) {
                var head = unconfirmed.headSet(seq, true);
                n = head.size();
                head.clear();
            } else if (unconfirmed.remove(seq)) {
                n = 1;
            }
            window.release(n);
        }

        @Override
        public void afterRound() throws Exception {
            admin.queuePurge(topic());
        }

        @Override
        public AutoCloseable consume(String topic, Consumer<byte[]> onValue) throws Exception {
            com.rabbitmq.client.Channel ch = connection.createChannel();
            ch.queuePurge(topic);
            String tag = ch.basicConsume(topic, true, (t, d) -> onValue.accept(d.getBody()), t -> { });
            return () -> {
                ch.basicCancel(tag);
                ch.close();
            };
        }

        @Override
        public void close() throws Exception {
            admin.queueDelete(topic());
            admin.queueDelete(latencyTopic());
            connection.close();
        }
    }

    /** Mosquitto, QoS 1; the direct path is a Paho client within Paho's max_inflight (1000), like the bridge's. */
    private static final class MqttTarget implements Target {
        private static final int PAHO_INFLIGHT = 1000;
        private final org.eclipse.paho.client.mqttv3.MqttAsyncClient client;

        MqttTarget() throws Exception {
            client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient("tcp://127.0.0.1:1883",
                    "bondy-bench-direct-" + RUN, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(PAHO_INFLIGHT);
            client.connect(options).waitForCompletion(10_000);
        }

        @Override
        public String kind() {
            return "mqtt";
        }

        @Override
        public Map<String, String> clientConfig() {
            return Map.of("endpoints", "127.0.0.1:1883", "client_id", "bondy-bench-bridge-" + RUN, "qos", "1",
                    "clean_session", "on", "max_inflight", Integer.toString(PAHO_INFLIGHT));
        }

        @Override
        public String topic() {
            return "bondy/bench/" + RUN;
        }

        @Override
        public String latencyTopic() {
            return "bondy/bench/latency/" + RUN;
        }

        @Override
        public void direct(List<OutboundRecord> records) throws Exception {
            Semaphore window = new Semaphore(PAHO_INFLIGHT);
            CountDownLatch acked = new CountDownLatch(records.size());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            var listener = new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                    window.release();
                    acked.countDown();
                }

                @Override
                public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
                    failure.set(e);
                    window.release();
                    acked.countDown();
                }
            };
            for (OutboundRecord r : records) {
                window.acquire();
                var message = new org.eclipse.paho.client.mqttv3.MqttMessage(r.value());
                message.setQos(1);
                client.publish(r.topic(), message, null, listener);
            }
            if (!acked.await(120, TimeUnit.SECONDS) || failure.get() != null) {
                throw new AssertionError("MQTT direct: " + acked.getCount() + " unacknowledged, " + failure.get());
            }
        }

        @Override
        public AutoCloseable consume(String topic, Consumer<byte[]> onValue) throws Exception {
            var consumer = new org.eclipse.paho.client.mqttv3.MqttAsyncClient("tcp://127.0.0.1:1883",
                    "bondy-bench-consumer-" + RUN, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            options.setCleanSession(true);
            consumer.connect(options).waitForCompletion(10_000);
            consumer.subscribe(topic, 1, (t, m) -> onValue.accept(m.getPayload())).waitForCompletion(10_000);
            return () -> {
                consumer.disconnect().waitForCompletion(5_000);
                consumer.close();
            };
        }

        @Override
        public void close() throws Exception {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    /** NATS JetStream, a file stream of the benchmark's own; the direct path is jnats' publishAsync. */
    private static final class NatsTarget implements Target {
        private final String stream = "BONDY_BENCH_" + RUN.toUpperCase(Locale.ROOT);
        private final io.nats.client.Connection connection;

        NatsTarget() throws Exception {
            connection = io.nats.client.Nats.connect(new io.nats.client.Options.Builder()
                    .server("nats://127.0.0.1:4222").connectionName("bondy-bench-direct").build());
        }

        @Override
        public String kind() {
            return "nats";
        }

        @Override
        public Map<String, String> clientConfig() {
            return Map.of("endpoints", "127.0.0.1:4222", "jetstream", "on", "stream", stream,
                    "stream_subjects", "bondy.bench." + RUN + ".>");
        }

        @Override
        public boolean keyed() {
            return false;
        }

        @Override
        public String topic() {
            return "bondy.bench." + RUN + ".events";
        }

        @Override
        public String latencyTopic() {
            return "bondy.bench." + RUN + ".latency";
        }

        @Override
        public void direct(List<OutboundRecord> records) throws Exception {
            io.nats.client.JetStream js = connection.jetStream();
            List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
            for (OutboundRecord r : records) {
                acks.add(js.publishAsync(r.topic(), r.value()));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }

        @Override
        public void afterRound() throws Exception {
            connection.jetStreamManagement().purgeStream(stream);
        }

        @Override
        public AutoCloseable consume(String topic, Consumer<byte[]> onValue) {
            io.nats.client.Dispatcher d = connection.createDispatcher(m -> onValue.accept(m.getData()));
            d.subscribe(topic);
            return () -> connection.closeDispatcher(d);
        }

        @Override
        public void close() throws Exception {
            try {
                connection.jetStreamManagement().deleteStream(stream);
            } finally {
                connection.close();
            }
        }
    }

    // ------------------------------------------------------------------ the bridge under test

    /**
     * A router with realm1 and a bridge with one client "default" of the target's kind. The client is wrapped
     * to record what the bridge produces in the recording round (one queue add per record, on the outbox's
     * thread) for the direct path, and a metric keeps the publish → acknowledgement latencies.
     */
    private static final class Fixture implements AutoCloseable {

        final io.bondy.core.router.Router router = io.bondy.core.router.Router.development();
        final io.bondy.core.router.Realm realm = router.realm("realm1").orElseGet(() -> router.addRealm(
                new io.bondy.core.config.RealmConfig("realm1", "bench realm", List.of("anonymous"), false)));
        final ConcurrentLinkedQueue<OutboundRecord> recorded = new ConcurrentLinkedQueue<>();
        /** Only in the recording round. */
        volatile boolean recording;
        final ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
        /** Only in the latency phase: the throughput rounds pay nothing for the metric. */
        volatile boolean measuringAcks;
        final BrokerBridge bridge;
        final io.bondy.core.router.session.InternalSession publisher;

        Fixture(Target target, int maxInFlight, int queueCapacity) {
            OutboxSettings outbox = new OutboxSettings(queueCapacity, 1_000_000, maxInFlight, Duration.ofSeconds(30),
                    Duration.ofMillis(50), Duration.ofSeconds(2));
            BridgeSettings settings = BridgeSettings.defaults()
                    .withClients(Map.of(target.kind(), Map.of("default", target.clientConfig()))).withOutbox(outbox);
            BrokerClientFactory real = ClientRegistry.withBuiltIns().factory(target.kind()).orElseThrow();
            ClientRegistry registry = ClientRegistry.withBuiltIns().register(new BrokerClientFactory() {
                @Override
                public String kind() {
                    return real.kind();
                }

                @Override
                public BrokerClient create(String name, Map<String, String> config) {
                    return new Recording(real.create(name, config), Fixture.this);
                }
            });
            BridgeMetrics metrics = new BridgeMetrics() {
                @Override
                public void produced(String bridge, long latencyMillis) {
                    delivered.incrementAndGet(); // on the outbox's thread: uncontended
                    if (measuringAcks) {
                        acks.add(latencyMillis);
                    }
                }
            };
            bridge = new BrokerBridge(settings, registry, router, new io.bondy.core.store.MemoryStore("node0"),
                    new io.bondy.core.store.MemoryStore("node0"), metrics);
            bridge.start();
            publisher = io.bondy.core.router.session.InternalSession.join(router, realm,
                    new io.bondy.core.spi.AuthIdentity("publisher", "user", "anonymous", "bench", Map.of()));
        }

        /** Records the broker acknowledged, from the bridge's metric (cheaper to poll than its status). */
        long delivered() {
            return delivered.get();
        }

        void awaitConnected() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!bridge.clients().values().stream().allMatch(c -> c.health().connected())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the bridge's client did not connect: " + bridge.status());
                }
                Thread.sleep(50);
            }
        }

        @Override
        public void close() {
            bridge.close();
            router.shutdown();
        }
    }

    /** A client that notes every record it is asked to produce while the fixture is recording. */
    private record Recording(BrokerClient client, Fixture fixture) implements BrokerClient {

        @Override
        public String kind() {
            return client.kind();
        }

        @Override
        public String name() {
            return client.name();
        }

        @Override
        public void start() {
            client.start();
        }

        @Override
        public CompletableFuture<Void> produce(OutboundRecord record) {
            if (fixture.recording) {
                fixture.recorded.add(record);
            }
            return client.produce(record);
        }

        @Override
        public int maxInFlight() {
            return client.maxInFlight();
        }

        @Override
        public BridgeHealth health() {
            return client.health();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
