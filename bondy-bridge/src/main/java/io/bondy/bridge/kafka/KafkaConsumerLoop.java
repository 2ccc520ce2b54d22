package io.bondy.bridge.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bondy.bridge.spi.InboundRecord;

/**
 * One {@code consume()}: a thread that polls a kafka-clients consumer, hands each record to the sink in
 * order (per partition, the order of the log), waits for the sink's stages and then commits the offsets of
 * the records whose stage completed. A failed or late stage (past {@code consumer.sink_timeout}) rewinds its
 * partition to that record: it and the records after it are delivered again after a pause
 * ({@code producer.retry_backoff}, at least 500 ms). So nothing is committed before the sink had it
 * (at-least-once), and a record may come twice.
 *
 * <p>Threads: everything but {@link #close} runs on the loop's own thread; close may be called from any.
 */
final class KafkaConsumerLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConsumerLoop.class);

    private final String clientName;
    private final String source;
    private final List<String> topics;
    private final Properties properties;
    private final Duration sinkTimeout;
    private final Duration failurePause;
    private final Function<InboundRecord, CompletionStage<Void>> sink;
    private final Consumer<Throwable> onError;
    private final Consumer<KafkaConsumerLoop> onClosed;
    private final Thread thread;
    private volatile boolean closed;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    KafkaConsumerLoop(String clientName, String source, List<String> topics, Properties properties,
            Duration sinkTimeout, Duration retryBackoff, Function<InboundRecord, CompletionStage<Void>> sink,
            Consumer<Throwable> onError, Consumer<KafkaConsumerLoop> onClosed) {
        this.clientName = clientName;
        this.source = source;
        this.topics = List.copyOf(topics);
        this.properties = properties;
        this.sinkTimeout = sinkTimeout;
        this.failurePause = retryBackoff.compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500)
                : retryBackoff;
        this.sink = sink;
        this.onError = onError;
        this.onClosed = onClosed;
        this.thread = new Thread(this::run, "bondy-kafka-" + clientName + "-consumer-" + source);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(sinkTimeout.toMillis() + 15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onClosed.accept(this);
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties)) {
            consumer = c;
            if (closed) {
                return;
            }
            c.subscribe(topics);
            while (!closed) {
                try {
                    deliver(c, c.poll(Duration.ofMillis(500)));
                } catch (WakeupException e) {
                    // close()
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.warn("kafka client {}: consuming {} failed, going on: {}", clientName, source, e.toString());
                    onError.accept(e);
                    pause();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("kafka client {}: consumer of {} stopped: {}", clientName, source, e.toString());
            onError.accept(e);
        }
    }

    private void deliver(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records)
            throws InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        List<ConsumerRecord<byte[], byte[]>> taken = new ArrayList<>(records.count());
        List<CompletableFuture<Void>> stages = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            taken.add(r);
            CompletableFuture<Void> stage;
            try {
                stage = sink.apply(toInbound(r)).toCompletableFuture();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stages.add(stage);
        }
        long deadline = System.nanoTime() + sinkTimeout.toNanos();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Map<TopicPartition, Long> rewind = new LinkedHashMap<>();
        for (int i = 0; i < taken.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = taken.get(i);
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (rewind.containsKey(tp)) {
                continue;   // an earlier record of this partition failed: this one comes again after it
            }
            try {
                stages.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                commit.put(tp, new OffsetAndMetadata(r.offset() + 1));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                rewind.put(tp, r.offset());
                LOG.debug("kafka client {}: sink did not take {}-{}@{}: {}", clientName, r.topic(), r.partition(),
                        r.offset(), e.toString());
                onError.accept(e);
            }
        }
        if (!commit.isEmpty()) {
            try {
                c.commitSync(commit);
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                // e.g. a rebalance took the partitions: their next owner starts from the last commit
                LOG.info("kafka client {}: commit on {} failed (records will come again): {}", clientName, source,
                        e.toString());
                onError.accept(e);
            }
        }
        if (!rewind.isEmpty()) {
            rewind.forEach(c::seek);
            LOG.info("kafka client {}: sink refused records of {}; redelivering from {}", clientName, source, rewind);
            pause();
        }
    }

    private InboundRecord toInbound(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new InboundRecord(source, r.topic(), r.key(), r.value(), headers);
    }

    private void pause() {
        long until = System.nanoTime() + failurePause.toNanos();
        while (!closed && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
