package io.bondy.bridge.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bondy.bridge.spi.BridgeHealth;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.InboundRecord;
import io.bondy.bridge.spi.OutboundRecord;

/**
 * The Kafka broker client: one idempotent kafka-clients producer ({@code acks=all}) for outbound records,
 * and one consumer thread per {@link #consume} for inbound ones (offsets committed only after the sink took
 * the records: at-least-once).
 *
 * <p>Threads: {@link #produce} only offers the record to a bounded queue and returns; one sender thread
 * per client hands records to {@code KafkaProducer.send}, which may block on a topic's metadata or on a full
 * buffer (up to {@code producer.max_block}) without holding up any caller. A produce future completes on the
 * Kafka producer's I/O thread: what depends on it must not block. A health thread asks the cluster for its
 * nodes every {@code health_check_interval}. kafka-clients reconnects by itself.
 *
 * <p>Order: records reach the producer in the order of {@code produce} calls; the idempotent producer keeps
 * that order per partition across retries. Every future completes: acknowledged, or failed when the queue is
 * full, when {@code producer.max_block} or {@code producer.delivery_timeout} ran out, or at {@link #close}.
 */
public final class KafkaBrokerClient implements BrokerClient {

    /** Kafka-specific record options: a fixed partition, or Bondy's partitioner {algorithm, value}. */
    public static final String OPTION_PARTITION = "partition";
    public static final String OPTION_PARTITIONER = "partitioner";
    public static final String OPTION_TIMESTAMP = "timestamp";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerClient.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** Records the sender takes from its queue at once. */
    private static final int SENDER_BATCH = 512;

    private final String name;
    private final KafkaClientConfig config;
    private final BlockingQueue<Pending> queue;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Set<KafkaConsumerLoop> consumers = ConcurrentHashMap.newKeySet();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile String lastError;
    private KafkaProducer<byte[], byte[]> producer;
    private Thread sender;
    private Admin admin;
    private ScheduledExecutorService healthThread;

    public KafkaBrokerClient(String name, KafkaClientConfig config) {
        this.name = name;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    }

    @Override
    public String kind() {
        return KafkaBrokerClientFactory.KIND;
    }

    @Override
    public String name() {
        return name;
    }

    public KafkaClientConfig config() {
        return config;
    }

    /** Records accepted by {@link #produce} and not yet handed to the producer. */
    public int queued() {
        return queue.size();
    }

    /** Records the broker acknowledged, since start. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Records whose future failed (refused at once, or not acknowledged in time), since creation. */
    public long failed() {
        return failed.get();
    }

    @Override
    public void start() {
        if (closed || !started.compareAndSet(false, true)) {
            return;
        }
        // Neither constructor connects: the producer and the admin client connect in the background.
        producer = new KafkaProducer<>(config.producerProperties());
        admin = Admin.create(config.adminProperties());
        sender = new Thread(this::sendLoop, "bondy-kafka-" + name + "-sender");
        sender.setDaemon(true);
        sender.start();
        healthThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bondy-kafka-" + name + "-health");
            t.setDaemon(true);
            return t;
        });
        healthThread.scheduleWithFixedDelay(this::checkHealth, 0, config.healthInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Void> produce(OutboundRecord record) {
        if (record == null || record.topic() == null || record.topic().isBlank()) {
            return fail(new IllegalArgumentException("a Kafka record needs a topic"));
        }
        if (closed || !started.get()) {
            return fail(new IllegalStateException("kafka client " + name + " is not running"));
        }
        Pending pending = new Pending(record, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            return fail(new RejectedExecutionException("kafka client " + name + ": queue full ("
                    + config.queueCapacity() + " records waiting for the producer)"));
        }
        if (closed && queue.remove(pending)) {
            // close() ran between our check and the offer, and the sender may have gone already
            return fail(new IllegalStateException("kafka client " + name + " is closed"));
        }
        return pending.future;
    }

    @Override
    public int maxInFlight() {
        return config.maxInFlight();
    }

    @Override
    public BridgeHealth health() {
        return new BridgeHealth(connected && !closed, lastError);
    }

    @Override
    public boolean canConsume() {
        return true;
    }

    /**
     * Consumes {@code source}: one topic, or a comma-separated list. Options: {@code group_id} (default
     * {@code consumer.group_id}), {@code auto_offset_reset} ({@code earliest} | {@code latest}, default
     * {@code consumer.auto_offset_reset}).
     */
    @Override
    public AutoCloseable consume(String source, Map<String, Object> options,
            Function<InboundRecord, CompletionStage<Void>> sink) {
        if (closed) {
            throw new IllegalStateException("kafka client " + name + " is closed");
        }
        List<String> topics = new ArrayList<>();
        for (String t : (source == null ? "" : source).split(",")) {
            if (!t.isBlank()) {
                topics.add(t.trim());
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("kafka consume: source must name a topic");
        }
        Map<String, Object> opts = options == null ? Map.of() : options;
        String groupId = String.valueOf(opts.getOrDefault("group_id", config.consumerGroupId()));
        String reset = String.valueOf(opts.getOrDefault("auto_offset_reset", config.autoOffsetReset()));
        if (!reset.equals("earliest") && !reset.equals("latest")) {
            throw new IllegalArgumentException("kafka consume: auto_offset_reset must be earliest or latest");
        }
        KafkaConsumerLoop loop = new KafkaConsumerLoop(name, source, topics,
                config.consumerProperties(groupId, reset), config.sinkTimeout(), config.retryBackoff(), sink,
                this::noteError, consumers::remove);
        consumers.add(loop);
        loop.start();
        return loop;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (KafkaConsumerLoop loop : List.copyOf(consumers)) {
            loop.close();
        }
        if (!started.get()) {
            return;
        }
        healthThread.shutdownNow();
        // the sender fails what is still queued and exits; a send blocked on metadata ends when the producer
        // closes; records in flight get CLOSE_TIMEOUT to be acknowledged, then fail.
        producer.close(CLOSE_TIMEOUT);
        join(sender);
        failQueued();
        admin.close(Duration.ofSeconds(1));
    }

    private void sendLoop() {
        try {
            List<Pending> batch = new ArrayList<>(SENDER_BATCH);
            while (!closed) {
                Pending p = queue.poll(100, TimeUnit.MILLISECONDS);
                if (p != null) {
                    send(p);
                    // what queued meanwhile in one take of the queue's lock, not one each
                    queue.drainTo(batch, SENDER_BATCH);
                    for (Pending next : batch) {
                        send(next); // after close() the producer refuses it: its future fails
                    }
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failQueued();
        }
    }

    private void send(Pending p) {
        try {
            producer.send(toProducerRecord(p.record), (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                    lastError = null;
                    p.future.complete(null);
                } else {
                    failed.incrementAndGet();
                    noteError(error);
                    p.future.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // max.block.ms ran out (no metadata for the topic, or the buffer stayed full), a bad record, or closed
            failed.incrementAndGet();
            noteError(e);
            p.future.completeExceptionally(e);
        }
    }

    private ProducerRecord<byte[], byte[]> toProducerRecord(OutboundRecord r) {
        List<Header> headers = null; // none: the producer record makes its own empty headers
        if (r.headers() != null && !r.headers().isEmpty()) {
            List<Header> h = new ArrayList<>(r.headers().size());
            r.headers().forEach((k, v) -> h.add(
                    new RecordHeader(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8))));
            headers = h;
        }
        Map<String, Object> options = r.options() == null ? Map.of() : r.options();
        Long timestamp = options.get(OPTION_TIMESTAMP) instanceof Number n ? n.longValue() : null;
        return new ProducerRecord<>(r.topic(), partition(r.topic(), options), timestamp, r.key(), r.value(),
                headers);
    }

    /** A fixed partition, Bondy's partitioner (fnv32a | hash | random over a value), or Kafka's (by key). */
    private Integer partition(String topic, Map<String, Object> options) {
        Object fixed = options.get(OPTION_PARTITION);
        if (fixed instanceof Number n) {
            return n.intValue();
        }
        if (!(options.get(OPTION_PARTITIONER) instanceof Map<?, ?> partitioner)) {
            return null;
        }
        String algorithm = String.valueOf(partitioner.get("algorithm"));
        Object value = partitioner.get("value");
        byte[] bytes = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        int count = producer.partitionsFor(topic).size();   // metadata: may block up to max.block.ms, here only
        return switch (algorithm) {
            case "fnv32a" -> Integer.remainderUnsigned(fnv32a(bytes), count);
            case "hash" -> Utils.toPositive(Utils.murmur2(bytes)) % count;
            case "random" -> ThreadLocalRandom.current().nextInt(count);
            default -> throw new IllegalArgumentException(
                    "kafka partitioner algorithm must be fnv32a, hash or random, not " + algorithm);
        };
    }

    static int fnv32a(byte[] bytes) {
        int hash = 0x811c9dc5;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    private void checkHealth() {
        try {
            int nodes = admin.describeCluster().nodes().get(config.healthInterval().toMillis() + 1_000,
                    TimeUnit.MILLISECONDS).size();
            connected = nodes > 0;
            if (!connected) {
                lastError = "the Kafka cluster has no nodes";
            } else if (lastError != null && lastError.startsWith("cannot reach")) {
                lastError = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (closed) {
                return;
            }
            if (connected) {
                LOG.warn("kafka client {}: lost the cluster at {}: {}", name, config.endpoints(), e.toString());
            }
            connected = false;
            lastError = "cannot reach Kafka at " + String.join(",", config.endpoints()) + ": " + rootMessage(e);
        }
    }

    private void noteError(Throwable e) {
        lastError = rootMessage(e);
    }

    private void failQueued() {
        Pending p;
        while ((p = queue.poll()) != null) {
            failed.incrementAndGet();
            p.future.completeExceptionally(new IllegalStateException("kafka client " + name + " closed"));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static void join(Thread t) {
        try {
            t.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> fail(Throwable e) {
        failed.incrementAndGet();
        return CompletableFuture.failedFuture(e);
    }

    private record Pending(OutboundRecord record, CompletableFuture<Void> future) {
    }
}
