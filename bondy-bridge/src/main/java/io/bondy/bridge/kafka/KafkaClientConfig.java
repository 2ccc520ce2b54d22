package io.bondy.bridge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One Kafka client's settings: the keys under {@code broker_bridge.kafka.clients.<name>.} in bondy.conf,
 * parsed, bounded and checked. Keys are Bondy's where Bondy has one; a key Bondy has but kafka-clients has no
 * use for is accepted and ignored (so a Bondy config loads); any other key is refused with its name.
 *
 * @param endpoints          {@code host:port} list ({@code endpoints}, required)
 * @param clientId           {@code client_id}, default {@code bondy-bridge-<name>}
 * @param reconnectBackoff   the longest pause between reconnection attempts ({@code reconnect_cool_down_seconds})
 * @param requestTimeout     how long the broker may take to acknowledge one request ({@code producer.ack_timeout})
 * @param deliveryTimeout    how long a record may wait for its acknowledgement, retries included, before its
 *                           future fails ({@code producer.delivery_timeout})
 * @param maxBlock           how long the sender thread waits for a topic's metadata or for buffer space
 *                           before the record fails ({@code producer.max_block})
 * @param bufferMemory       bytes of records waiting for the broker ({@code producer.buffer_memory})
 * @param batchSize          bytes per partition batch ({@code producer.max_batch_size})
 * @param linger             how long a batch waits to fill ({@code producer.max_linger_time})
 * @param compression        none, gzip, snappy, lz4 or zstd ({@code producer.compression})
 * @param maxRequestSize     largest request, so largest record ({@code producer.max_request_size})
 * @param retryBackoff       pause before a failed request is retried ({@code producer.retry_backoff})
 * @param queueCapacity      records handed to the client and not yet given to the producer
 *                           ({@code producer.queue_capacity}); beyond it produce() fails at once
 * @param healthInterval     how often the connection is checked ({@code health_check_interval})
 * @param consumerGroupId    default consumer group ({@code consumer.group_id})
 * @param autoOffsetReset    where a new group starts: earliest or latest ({@code consumer.auto_offset_reset})
 * @param maxPollRecords     records per poll ({@code consumer.max_poll_records})
 * @param sinkTimeout        how long the consumer waits for the sink to take a poll's records before it
 *                           treats them as failed and redelivers them ({@code consumer.sink_timeout})
 * @param maxInFlight        records the bridge's outbox keeps sent and unacknowledged for this client
 *                           ({@code max_in_flight}, default the smaller of {@value #DEFAULT_MAX_IN_FLIGHT} and
 *                           {@code producer.queue_capacity}, at most {@code producer.queue_capacity}: beyond it a
 *                           record would fail at once)
 */
public record KafkaClientConfig(List<String> endpoints, String clientId, Duration reconnectBackoff,
        Duration requestTimeout, Duration deliveryTimeout, Duration maxBlock, long bufferMemory, int batchSize,
        Duration linger, String compression, int maxRequestSize, Duration retryBackoff, int queueCapacity,
        Duration healthInterval, String consumerGroupId, String autoOffsetReset, int maxPollRecords,
        Duration sinkTimeout, int maxInFlight) {

    /**
     * The producer batches records per partition: the more in flight, the fuller its batches (bench/run.sh
     * bridge: 256 reached 0.3-0.5 of the bare producer, 4096 0.6-0.75).
     */
    static final int DEFAULT_MAX_IN_FLIGHT = 8192;

    /** Bondy's (brod's) keys with no kafka-clients meaning: accepted so a Bondy bondy.conf loads, ignored. */
    static final Set<String> IGNORED_BONDY_KEYS = Set.of("allow_topic_auto_creation", "auto_start_producers",
            "max_metadata_sock_retry", "restart_delay_seconds", "producer.partition_restart_delay_seconds",
            "producer.topic_restart_delay_seconds", "producer.partition_buffer_limit",
            "producer.partition_onwire_limit", "producer.max_retries", "producer.max_linger_count");

    private static final Set<String> KEYS = Set.of("endpoints", "client_id", "reconnect_cool_down_seconds",
            "producer.required_acks", "producer.ack_timeout", "producer.delivery_timeout", "producer.max_block",
            "producer.buffer_memory", "producer.max_batch_size", "producer.max_linger_time",
            "producer.compression", "producer.max_request_size", "producer.retry_backoff",
            "producer.queue_capacity", "health_check_interval", "consumer.group_id",
            "consumer.auto_offset_reset", "consumer.max_poll_records", "consumer.sink_timeout", "max_in_flight");

    private static final Pattern BONDY_ENDPOINT = Pattern.compile("\\{\\s*\"?([^\",{}\\s]+)\"?\\s*,\\s*(\\d+)\\s*}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    /**
     * Parses one client's keys (relative to {@code broker_bridge.kafka.clients.<name>.}).
     *
     * @throws IllegalArgumentException naming the bad key
     */
    public static KafkaClientConfig parse(String name, Map<String, String> config) {
        Map<String, String> c = new HashMap<>();
        String prefix = "broker_bridge.kafka.clients." + name + ".";
        config.forEach((k, v) -> c.put(k.startsWith(prefix) ? k.substring(prefix.length()) : k, v));
        for (String key : c.keySet()) {
            if (!KEYS.contains(key) && !IGNORED_BONDY_KEYS.contains(key)) {
                throw bad(name, key, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        String acks = c.getOrDefault("producer.required_acks", "all").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("all", "all_isr", "-1").contains(acks)) {
            throw bad(name, "producer.required_acks", "must be all (the bridge is at-least-once: records are "
                    + "acknowledged by every in-sync replica, with an idempotent producer), not " + acks);
        }
        String compression = c.getOrDefault("producer.compression", "none").trim().toLowerCase(Locale.ROOT);
        if (compression.equals("no_compression")) {
            compression = "none";
        }
        if (!Set.of("none", "gzip", "snappy", "lz4", "zstd").contains(compression)) {
            throw bad(name, "producer.compression", "must be one of none, gzip, snappy, lz4, zstd");
        }
        String reset = c.getOrDefault("consumer.auto_offset_reset", "latest").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("earliest", "latest").contains(reset)) {
            throw bad(name, "consumer.auto_offset_reset", "must be earliest or latest");
        }
        String clientId = c.getOrDefault("client_id", "bondy-bridge-" + name).trim();
        String groupId = c.getOrDefault("consumer.group_id", "bondy-bridge-" + name).trim();
        if (clientId.isEmpty() || clientId.length() > 255) {
            throw bad(name, "client_id", "must have 1 to 255 characters");
        }
        if (groupId.isEmpty() || groupId.length() > 255) {
            throw bad(name, "consumer.group_id", "must have 1 to 255 characters");
        }
        // 1 ms, not Kafka's 5: the bridge's outbox waits for a window of records to be acknowledged before it
        // sends the next, so a long linger costs throughput and latency (bench/run.sh bridge: about 2.5x)
        Duration linger = duration(name, c, "producer.max_linger_time", "1ms", 0, 60_000);
        Duration requestTimeout = duration(name, c, "producer.ack_timeout", "10s", 1_000, 600_000);
        // below broker_bridge.produce_timeout (30 s): the producer gives up on a record before the outbox sends
        // it again, so a retried record is not also still waiting in the producer (no extra copy)
        Duration deliveryTimeout = duration(name, c, "producer.delivery_timeout", "25s", 1_000, 3_600_000);
        if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
            throw bad(name, "producer.delivery_timeout", "must be at least producer.ack_timeout + "
                    + "producer.max_linger_time (" + linger.plus(requestTimeout).toMillis() + "ms)");
        }
        int queueCapacity = (int) integer(name, c, "producer.queue_capacity", 10_000, 1, 10_000_000);
        int maxInFlight = (int) integer(name, c, "max_in_flight", Math.min(DEFAULT_MAX_IN_FLIGHT, queueCapacity), 1,
                65_535);
        if (maxInFlight > queueCapacity) {
            throw bad(name, "max_in_flight", "must not be above producer.queue_capacity (" + queueCapacity
                    + "): records beyond it would be refused");
        }
        return new KafkaClientConfig(
                endpoints(name, c.get("endpoints")),
                clientId,
                duration(name, c, "reconnect_cool_down_seconds", "1s", 10, 300_000),
                requestTimeout,
                deliveryTimeout,
                duration(name, c, "producer.max_block", "10s", 0, 600_000),
                size(name, c, "producer.buffer_memory", "32MB", 1L << 20, 1L << 32),
                (int) size(name, c, "producer.max_batch_size", "64KB", 1, 16L << 20),
                linger,
                compression,
                (int) size(name, c, "producer.max_request_size", "1MB", 1024, 64L << 20),
                duration(name, c, "producer.retry_backoff", "100ms", 1, 60_000),
                queueCapacity,
                duration(name, c, "health_check_interval", "5s", 100, 600_000),
                groupId,
                reset,
                (int) integer(name, c, "consumer.max_poll_records", 500, 1, 100_000),
                duration(name, c, "consumer.sink_timeout", "30s", 100, 600_000),
                maxInFlight);
    }

    /** kafka-clients producer settings: acks=all, idempotent, bounded buffer and timeouts (serializers: bytes). */
    public Properties producerProperties() {
        Properties p = common();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeout.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeout.toMillis()));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlock.toMillis()));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(bufferMemory));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchSize));
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger.toMillis()));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestSize));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** kafka-clients consumer settings: manual commit only, bounded polls. */
    Properties consumerProperties(String groupId, String offsetReset) {
        Properties p = common();
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-consumer-" + groupId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeout.toMillis()));
        // a poll's records wait at most sinkTimeout for the sink: keep the group from evicting us meanwhile
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                Long.toString(Math.max(300_000, sinkTimeout.toMillis() * 2)));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Admin client settings for the health check. */
    Properties adminProperties() {
        Properties p = common();
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-health");
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(1_000, Math.min(requestTimeout.toMillis(), healthInterval.toMillis()))));
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(1_000, Math.min(requestTimeout.toMillis(), healthInterval.toMillis()))));
        return p;
    }

    private Properties common() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", endpoints));
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, Long.toString(reconnectBackoff.toMillis()));
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG,
                Long.toString(Math.min(50, reconnectBackoff.toMillis())));
        p.put(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, Long.toString(retryBackoff.toMillis()));
        return p;
    }

    /** {@code host:port, host:port}, or Bondy's {@code [{"host", port}, ...]}. */
    static List<String> endpoints(String name, String value) {
        if (value == null || value.isBlank()) {
            throw bad(name, "endpoints", "required: host:port[,host:port...]");
        }
        List<String> result = new ArrayList<>();
        Matcher bondy = BONDY_ENDPOINT.matcher(value);
        while (bondy.find()) {
            result.add(endpoint(name, bondy.group(1), bondy.group(2)));
        }
        if (result.isEmpty()) {
            for (String part : value.replaceAll("[\\[\\]\"]", " ").split(",")) {
                String hostPort = part.trim();
                int colon = hostPort.lastIndexOf(':');
                if (colon <= 0) {
                    throw bad(name, "endpoints", "not host:port: " + hostPort);
                }
                result.add(endpoint(name, hostPort.substring(0, colon), hostPort.substring(colon + 1)));
            }
        }
        if (result.size() > 100) {
            throw bad(name, "endpoints", "at most 100 endpoints");
        }
        return List.copyOf(result);
    }

    private static String endpoint(String name, String host, String port) {
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (host.isBlank() || p < 1 || p > 65_535) {
            throw bad(name, "endpoints", "not host:port with a port in 1..65535: " + host + ":" + port);
        }
        return host.trim() + ":" + p;
    }

    private static Duration duration(String name, Map<String, String> c, String key, String def, long minMs,
            long maxMs) {
        String value = c.getOrDefault(key, def).trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw bad(name, key, "not a duration (e.g. 500ms, 10s, 2m): " + value);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? (key.endsWith("_seconds") ? "s" : "ms") : m.group(2);
        long ms = switch (unit) {
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n;
        };
        if (ms < minMs || ms > maxMs) {
            throw bad(name, key, "must be between " + minMs + "ms and " + maxMs + "ms: " + value);
        }
        return Duration.ofMillis(ms);
    }

    private static long size(String name, Map<String, String> c, String key, String def, long min, long max) {
        String value = c.getOrDefault(key, def).trim().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw bad(name, key, "not a size (e.g. 512KB, 32MB): " + value);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long bytes = switch (unit) {
            case "kb", "kib" -> n << 10;
            case "mb", "mib" -> n << 20;
            case "gb", "gib" -> n << 30;
            default -> n;
        };
        if (bytes < min || bytes > max) {
            throw bad(name, key, "must be between " + min + " and " + max + " bytes: " + value);
        }
        return bytes;
    }

    private static long integer(String name, Map<String, String> c, String key, long def, long min, long max) {
        String value = c.get(key);
        long n;
        try {
            n = value == null ? def : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw bad(name, key, "not an integer: " + value);
        }
        if (n < min || n > max) {
            throw bad(name, key, "must be between " + min + " and " + max + ": " + value);
        }
        return n;
    }

    private static IllegalArgumentException bad(String name, String key, String why) {
        return new IllegalArgumentException("broker_bridge.kafka.clients." + name + "." + key + ": " + why);
    }
}
