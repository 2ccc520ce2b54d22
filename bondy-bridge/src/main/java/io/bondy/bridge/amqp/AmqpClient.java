package io.bondy.bridge.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import io.bondy.bridge.client.ClientHealth;
import io.bondy.bridge.spi.BridgeHealth;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.InboundRecord;
import io.bondy.bridge.spi.OutboundRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP 0-9-1 connection. Produce: a channel in confirm mode; a record's future completes on the
 * broker's ack (nack or a lost channel fails it). Records go to {@code options.exchange} (else the
 * client's {@code exchange}) with the record's topic as routing key, persistent unless
 * {@code options.persistent} is false; headers become AMQP headers; {@code options.mandatory: true}
 * fails a record no queue takes. Consume: one channel per source queue with manual acks and a
 * prefetch; a delivery is acked when the sink's stage completes, nacked (requeued) when it fails.
 *
 * <p>Threads: one single-thread executor per client ({@code bondy-bridge-amqp-<name>-io}) connects,
 * reconnects and publishes, so {@link #produce} never blocks its caller (the library's publish can
 * block under TCP back-pressure); confirms and deliveries arrive on the library's threads.
 */
final class AmqpClient implements BrokerClient {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpClient.class);

    private final String name;
    private final AmqpClientFactory.AmqpSettings settings;
    private final ClientHealth health = new ClientHealth();
    private final ScheduledExecutorService io;
    private final ConnectionFactory factory = new ConnectionFactory();
    private final List<ConsumerSpec> consumers = new CopyOnWriteArrayList<>();
    private volatile Connection connection;
    private volatile Channel publisher;
    private volatile ConcurrentNavigableMap<Long, CompletableFuture<Void>> unconfirmed = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    AmqpClient(String name, AmqpClientFactory.AmqpSettings settings) {
        this.name = name;
        this.settings = settings;
        this.io = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bondy-bridge-amqp-" + name + "-io");
            t.setDaemon(true);
            return t;
        });
        factory.setUsername(settings.username());
        factory.setPassword(settings.password());
        factory.setVirtualHost(settings.virtualHost());
        factory.setConnectionTimeout((int) settings.connectionTimeout().toMillis());
        factory.setAutomaticRecoveryEnabled(false); // our own loop: it also covers a broker down at start
        factory.setTopologyRecoveryEnabled(false);
        factory.setRequestedHeartbeat(10);
    }

    @Override
    public String kind() {
        return "amqp";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        io.execute(this::connect);
    }

    /** On the io thread: connects, opens the publishing channel and every consumer; on failure tries again later. */
    private void connect() {
        if (closed || connection != null && connection.isOpen()) {
            return;
        }
        try {
            List<Address> addresses = settings.endpoints().stream().map(e -> new Address(e.host(), e.port())).toList();
            Connection c = factory.newConnection(addresses, "bondy-bridge-" + name);
            Channel ch = c.createChannel();
            ch.confirmSelect();
            ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();
            ch.addConfirmListener((seq, multiple) -> settle(pending, seq, multiple, null),
                    (seq, multiple) -> settle(pending, seq, multiple, "the broker nacked the record"));
            ch.addReturnListener(ret -> {
                Object seq = ret.getProperties().getHeaders() == null ? null
                        : ret.getProperties().getHeaders().get("x-bondy-seq");
                if (seq instanceof Number n) {
                    CompletableFuture<Void> f = pending.remove(n.longValue());
                    if (f != null) {
                        f.completeExceptionally(new IllegalStateException("unroutable: " + ret.getReplyText()));
                    }
                }
            });
            c.addShutdownListener(cause -> {
                if (!closed) {
                    health.down("connection lost: " + cause.getMessage());
                    LOG.warn("AMQP client {}: connection lost ({}); reconnecting", name, cause.getMessage());
                }
                failAll(pending, "connection lost");
                if (!closed) {
                    try {
                        io.schedule(this::connect, settings.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        LOG.debug("AMQP client {}: closing, no reconnect", name);
                    }
                }
            });
            connection = c;
            publisher = ch;
            unconfirmed = pending;
            for (ConsumerSpec consumer : consumers) {
                consumer.open(c);
            }
            health.up();
            LOG.info("AMQP client {} connected to {}", name, c.getAddress() + ":" + c.getPort());
        } catch (Exception e) {
            health.down(e.toString());
            LOG.debug("AMQP client {}: cannot connect ({}); retrying in {}", name, e, settings.reconnectInterval());
            if (!closed) {
                io.schedule(this::connect, settings.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void settle(ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending, long seq, boolean multiple,
            String error) {
        java.util.Collection<CompletableFuture<Void>> done;
        if (multiple) {
            Map<Long, CompletableFuture<Void>> head = pending.headMap(seq, true);
            done = List.copyOf(head.values());
            head.clear();
        } else {
            CompletableFuture<Void> f = pending.remove(seq);
            done = f == null ? List.of() : List.of(f);
        }
        for (CompletableFuture<Void> f : done) {
            if (error == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(new IllegalStateException(error));
            }
        }
    }

    private static void failAll(Map<Long, CompletableFuture<Void>> pending, String why) {
        for (Long seq : List.copyOf(pending.keySet())) {
            CompletableFuture<Void> f = pending.remove(seq);
            if (f != null) {
                f.completeExceptionally(new IllegalStateException(why));
            }
        }
    }

    @Override
    public CompletableFuture<Void> produce(OutboundRecord record) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new IllegalStateException("closed"));
            return future;
        }
        try {
            io.execute(() -> publish(record, future));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** On the io thread. */
    private void publish(OutboundRecord record, CompletableFuture<Void> future) {
        Channel ch = publisher;
        if (ch == null || !ch.isOpen()) {
            future.completeExceptionally(new IllegalStateException("not connected"));
            return;
        }
        Map<String, Object> options = record.options() == null ? Map.of() : record.options();
        String exchange = options.get("exchange") instanceof String s ? s : settings.exchange();
        boolean mandatory = Boolean.TRUE.equals(options.get("mandatory"));
        boolean persistent = !Boolean.FALSE.equals(options.get("persistent"));
        Map<String, Object> headers = new HashMap<>();
        if (record.headers() != null) {
            headers.putAll(record.headers());
        }
        ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending = unconfirmed;
        long seq = ch.getNextPublishSeqNo();
        headers.put("x-bondy-seq", seq);
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder().headers(headers)
                .deliveryMode(persistent ? 2 : 1)
                .contentType(options.get("content_type") instanceof String ct ? ct : null);
        if (record.key() != null) {
            props.messageId(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
        }
        pending.put(seq, future);
        try {
            ch.basicPublish(exchange, record.topic(), mandatory, props.build(), record.value());
        } catch (Exception e) {
            pending.remove(seq);
            health.error(e.toString());
            future.completeExceptionally(e);
        }
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    @Override
    public BridgeHealth health() {
        return health.snapshot();
    }

    @Override
    public boolean canConsume() {
        return true;
    }

    @Override
    public AutoCloseable consume(String source, Map<String, Object> options,
            Function<InboundRecord, CompletionStage<Void>> sink) {
        ConsumerSpec consumer = new ConsumerSpec(source, options, sink);
        consumers.add(consumer);
        io.execute(() -> {
            Connection c = connection;
            if (c != null && c.isOpen()) {
                consumer.open(c);
            }
        });
        return () -> {
            consumers.remove(consumer);
            io.execute(consumer::close);
        };
    }

    /** One consumed queue; reopened on every connection. */
    private final class ConsumerSpec {

        private final String queue;
        private final Map<String, Object> options;
        private final Function<InboundRecord, CompletionStage<Void>> sink;
        private volatile Channel channel;

        ConsumerSpec(String queue, Map<String, Object> options, Function<InboundRecord, CompletionStage<Void>> sink) {
            this.queue = queue;
            this.options = options == null ? Map.of() : options;
            this.sink = sink;
        }

        /** On the io thread. */
        void open(Connection c) {
            try {
                Channel ch = c.createChannel();
                ch.basicQos(settings.prefetch());
                if (settings.declareQueues()) {
                    ch.queueDeclare(queue, true, false, false, null);
                }
                if (options.get("bind_exchange") instanceof String exchange) {
                    String key = options.get("bind_key") instanceof String k ? k : "#";
                    ch.queueBind(queue, exchange, key);
                }
                DeliverCallback deliver = (tag, delivery) -> {
                    long deliveryTag = delivery.getEnvelope().getDeliveryTag();
                    Map<String, String> headers = new HashMap<>();
                    Map<String, Object> h = delivery.getProperties().getHeaders();
                    if (h != null) {
                        h.forEach((k, v) -> headers.put(k, String.valueOf(v)));
                    }
                    String msgId = delivery.getProperties().getMessageId();
                    InboundRecord record = new InboundRecord(queue, delivery.getEnvelope().getRoutingKey(),
                            msgId == null ? null : msgId.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            delivery.getBody(), headers);
                    CompletionStage<Void> stage;
                    try {
                        stage = sink.apply(record);
                    } catch (RuntimeException e) {
                        stage = CompletableFuture.failedFuture(e);
                    }
                    stage.whenComplete((ok, error) -> {
                        try {
                            if (error == null) {
                                ch.basicAck(deliveryTag, false);
                            } else {
                                ch.basicNack(deliveryTag, false, true);
                            }
                        } catch (Exception e) {
                            LOG.debug("AMQP client {}: cannot settle a delivery of {} ({}); it will be redelivered",
                                    name, queue, e.toString());
                        }
                    });
                };
                ch.basicConsume(queue, false, deliver, tag -> { });
                channel = ch;
            } catch (Exception e) {
                health.error("cannot consume " + queue + ": " + e);
                LOG.warn("AMQP client {}: cannot consume {} ({})", name, queue, e.toString());
            }
        }

        void close() {
            Channel ch = channel;
            if (ch != null && ch.isOpen()) {
                try {
                    ch.close();
                } catch (Exception e) {
                    LOG.debug("AMQP client {}: closing the consumer of {}: {}", name, queue, e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        io.execute(() -> {
            Connection c = connection;
            if (c != null && c.isOpen()) {
                try {
                    c.close(2_000);
                } catch (Exception e) {
                    LOG.debug("AMQP client {}: close: {}", name, e.toString());
                }
            }
            failAll(unconfirmed, "closed");
        });
        io.shutdown();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        health.down(null);
    }
}
