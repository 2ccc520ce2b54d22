package io.bondy.bridge.nats;

import io.bondy.bridge.client.ClientHealth;
import io.bondy.bridge.spi.BridgeHealth;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.InboundRecord;
import io.bondy.bridge.spi.OutboundRecord;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NATS connection: the first connection is tried on the io thread until it succeeds (the server may
 * be down at start), then jnats reconnects by itself. Produce: with JetStream, {@code publishAsync} and the future completes on the
 * stream's PublishAck (a subject no stream captures fails, "no responders"); without, the record is
 * handed to the connection and completes at once (at most once). Headers travel as NATS headers; the
 * key, if any, as header {@code Nats-Msg-Id} (JetStream's de-duplication id). Consume: with JetStream,
 * a durable push consumer ({@code options.durable}, default derived from the subject) with explicit
 * acks: ack when the sink's stage completes, nak when it fails; without, a plain subscription.
 *
 * <p>Threads: jnats' own threads read, write and dispatch (one dispatcher per client); one
 * single-thread executor ({@code bondy-bridge-nats-<name>-io}) sets up streams and consumers once
 * connected, and makes the first connection.
 */
final class NatsBridgeClient implements BrokerClient {

    private static final Logger LOG = LoggerFactory.getLogger(NatsBridgeClient.class);

    private final String name;
    private final NatsClientFactory.NatsSettings settings;
    private final ClientHealth health = new ClientHealth();
    private final java.util.concurrent.ScheduledExecutorService io;
    private final List<Consumer> consumers = new CopyOnWriteArrayList<>();
    private volatile Connection connection;
    private volatile Dispatcher dispatcher;
    private volatile boolean closed;
    private volatile Options options;
    private volatile JetStreamOf jetStream;
    private volatile long failingSince; // nanoTime of the first JetStream failure in a row, 0 if none
    private volatile long reconnectedAt; // nanoTime of the last RECONNECTED/RESUBSCRIBED, 0 once JetStream answered
    /** Set-up requests wait this long for JetStream (the default is the connection timeout). */
    private static final JetStreamOptions SET_UP_OPTIONS = JetStreamOptions.builder()
            .requestTimeout(java.time.Duration.ofSeconds(3)).build();
    private final java.util.concurrent.atomic.AtomicBoolean renewing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean setUpRetryQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** JetStream failing this long on a connection that says it is connected: a fresh connection is made. */
    private static final long RENEW_AFTER_NANOS = java.time.Duration.ofSeconds(20).toNanos();

    NatsBridgeClient(String name, NatsClientFactory.NatsSettings settings) {
        this.name = name;
        this.settings = settings;
        this.io = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bondy-bridge-nats-" + name + "-io");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String kind() {
        return "nats";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        Options.Builder options = new Options.Builder().servers(settings.servers().toArray(String[]::new))
                .maxReconnects(-1).reconnectWait(settings.reconnectInterval())
                .connectionTimeout(settings.connectionTimeout())
                .connectionName("bondy-bridge-" + name)
                .connectionListener(this::onConnectionEvent)
                .errorListener(new io.nats.client.ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        health.error(error);
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        health.error(exp.toString());
                    }
                });
        if (settings.username() != null) {
            options.userInfo(settings.username(), settings.password() == null ? "" : settings.password());
        }
        if (settings.token() != null) {
            options.token(settings.token().toCharArray());
        }
        Options built = options.build();
        this.options = built;
        io.execute(() -> connect(built));
    }

    /**
     * On the io thread: the first connection, tried again every reconnect_interval until it succeeds
     * (then jnats reconnects by itself); ends when the client is closed.
     */
    private void connect(Options options) {
        if (closed) {
            return;
        }
        try {
            Connection conn = Nats.connect(options);
            if (closed) {
                conn.close();
            }
        } catch (java.io.IOException e) {
            health.down(e.toString());
            LOG.debug("NATS client {}: cannot connect ({}); retrying in {}", name, e, settings.reconnectInterval());
            io.schedule(() -> connect(options), settings.reconnectInterval().toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onConnectionEvent(Connection conn, ConnectionListener.Events event) {
        if (event != ConnectionListener.Events.CONNECTED && connection != null && conn != connection) {
            return; // a replaced connection (see renew)
        }
        switch (event) {
            case CONNECTED -> {
                connection = conn;
                health.up();
                LOG.info("NATS client {} connected to {}", name, conn.getConnectedUrl());
                io.execute(this::setUp);
            }
            case RECONNECTED, RESUBSCRIBED -> {
                reconnectedAt = System.nanoTime();
                health.up();
                io.execute(this::setUp);
            }
            case DISCONNECTED -> {
                health.down("disconnected");
                if (!closed) {
                    LOG.warn("NATS client {}: disconnected; reconnecting", name);
                }
            }
            case CLOSED -> health.down("closed");
            default -> {
            }
        }
    }

    /**
     * On the io thread: the stream (if configured) and every consumer not set up yet. With JetStream, a
     * request that gets no answer on a connection that says it is connected (seen after a server
     * restart) is counted like a failed publish ({@link #watch}) and set-up is tried again after
     * reconnect_interval; if JetStream stays silent the connection is replaced, so a bridge that only
     * consumes recovers too.
     */
    private void setUp() {
        Connection conn = connection;
        if (conn == null || closed || conn.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        if (dispatcher == null) {
            dispatcher = conn.createDispatcher();
        }
        if (settings.jetstream()) {
            try {
                JetStreamManagement jsm = conn.jetStreamManagement(SET_UP_OPTIONS);
                if (settings.stream() != null) {
                    ensureStream(jsm);
                } else {
                    jsm.getAccountStatistics(); // a probe: does JetStream answer this connection?
                }
                watch(conn, null);
                reconnectedAt = 0;
            } catch (java.io.IOException silent) {
                health.error("JetStream: " + silent);
                if (reconnectedAt != 0 && System.nanoTime() - reconnectedAt < RENEW_AFTER_NANOS
                        && renewing.compareAndSet(false, true)) {
                    // the usual case after a server restart: jnats' reconnected connection stays without
                    // JetStream answers while a new one gets them at once, so do not wait for RENEW_AFTER
                    reconnectedAt = 0;
                    renew(conn, "JetStream does not answer the connection jnats reconnected");
                    return;
                }
                LOG.warn("NATS client {}: JetStream does not answer ({}); trying again in {}", name, silent.toString(),
                        settings.reconnectInterval());
                watch(conn, silent);
                retrySetUpLater();
                return;
            } catch (JetStreamApiException refused) {
                String what = settings.stream() == null ? "JetStream" : "stream " + settings.stream();
                health.error(what + ": " + refused);
                LOG.warn("NATS client {}: {} refused ({})", name, what, refused.toString());
            }
        }
        for (Consumer c : consumers) {
            c.open(conn);
        }
    }

    private void ensureStream(JetStreamManagement jsm) throws java.io.IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(settings.stream());
        } catch (JetStreamApiException missing) {
            jsm.addStream(StreamConfiguration.builder().name(settings.stream())
                    .subjects(settings.streamSubjects()).storageType(StorageType.File).build());
            LOG.info("NATS client {}: created stream {} for {}", name, settings.stream(), settings.streamSubjects());
        }
    }

    /** Schedules one more {@link #setUp} after reconnect_interval, unless one is scheduled already. */
    private void retrySetUpLater() {
        if (closed || !setUpRetryQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            io.schedule(() -> {
                setUpRetryQueued.set(false);
                setUp();
            }, settings.reconnectInterval().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            setUpRetryQueued.set(false);
        }
    }

    @Override
    public CompletableFuture<Void> produce(OutboundRecord record) {
        Connection conn = connection;
        if (conn == null || closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        Headers headers = null;
        if (record.headers() != null && !record.headers().isEmpty() || record.key() != null) {
            headers = new Headers();
            if (record.headers() != null) {
                for (Map.Entry<String, String> h : record.headers().entrySet()) {
                    headers.add(h.getKey(), h.getValue());
                }
            }
            if (record.key() != null) {
                headers.add("Nats-Msg-Id", new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        try {
            if (settings.jetstream()) {
                return jetStream(conn).publishAsync(record.topic(), headers, record.value())
                        .whenComplete((ack, error) -> watch(conn, error)).thenApply(ack -> null);
            }
            if (conn.getStatus() != Connection.Status.CONNECTED) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
            }
            conn.publish(record.topic(), headers, record.value());
            return CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    /**
     * The JetStream context of {@code conn}, made once per connection: jnats builds its options and compares
     * the server's version strings (regular expressions, formatting) for every {@code jetStream()} call, which
     * per record cost more than the publish itself.
     */
    private io.nats.client.JetStream jetStream(Connection conn) throws java.io.IOException {
        JetStreamOf current = jetStream;
        if (current == null || current.connection() != conn) {
            current = new JetStreamOf(conn, conn.jetStream());
            jetStream = current;
        }
        return current.context();
    }

    /** A connection and its JetStream context (thread-safe; replaced with the connection). */
    private record JetStreamOf(Connection connection, io.nats.client.JetStream context) {
    }

    /**
     * After a server restart a connection may come back while JetStream never answers it again (seen
     * with jnats: every request times out). When JetStream fails for 20s in a row on a connection that
     * says it is connected, the connection is replaced.
     */
    private void watch(Connection conn, Throwable error) {
        if (error == null) {
            failingSince = 0;
            return;
        }
        long now = System.nanoTime();
        if (failingSince == 0) {
            failingSince = now;
        } else if (now - failingSince > RENEW_AFTER_NANOS && conn == connection
                && conn.getStatus() == Connection.Status.CONNECTED && !closed && renewing.compareAndSet(false, true)) {
            try {
                io.execute(() -> renew(conn, "JetStream has not answered for "
                        + RENEW_AFTER_NANOS / 1_000_000_000L + "s on a connected connection"));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                renewing.set(false);
            }
        }
    }

    /** On the io thread: closes {@code stale} and connects again; consumers are set up on the new one. */
    private void renew(Connection stale, String why) {
        try {
            LOG.warn("NATS client {}: {}; replacing the connection", name, why);
            health.down("JetStream not answering; reconnecting");
            connection = null;
            dispatcher = null;
            for (Consumer c : consumers) {
                c.subscription = null;
            }
            try {
                stale.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            failingSince = 0;
            connect(options);
        } finally {
            renewing.set(false);
        }
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
        Consumer c = new Consumer(source, options == null ? Map.of() : options, sink);
        consumers.add(c);
        io.execute(this::setUp);
        return () -> {
            consumers.remove(c);
            io.execute(c::close);
        };
    }

    /** One consumed subject; set up once, then jnats keeps it across reconnects. */
    private final class Consumer {

        private final String subject;
        private final Map<String, Object> options;
        private final Function<InboundRecord, CompletionStage<Void>> sink;
        private volatile io.nats.client.Subscription subscription;

        Consumer(String subject, Map<String, Object> options, Function<InboundRecord, CompletionStage<Void>> sink) {
            this.subject = subject;
            this.options = options;
            this.sink = sink;
        }

        void open(Connection conn) {
            if (subscription != null) {
                return;
            }
            try {
                if (settings.jetstream()) {
                    String durable = options.get("durable") instanceof String d ? d
                            : "bondy-" + subject.replaceAll("[^A-Za-z0-9_-]", "_");
                    PushSubscribeOptions.Builder b = PushSubscribeOptions.builder().durable(durable)
                            .configuration(ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit)
                                    .ackWait(settings.ackWait()).maxAckPending(1024).build());
                    if (options.get("stream") instanceof String s) {
                        b.stream(s);
                    }
                    b.deliverGroup(durable); // every node of a cluster shares the consumer: each message once
                    subscription = conn.jetStream().subscribe(subject, durable, dispatcher, this::onMessage, false,
                            b.build());
                } else if (options.get("queue") instanceof String queue) {
                    subscription = dispatcher.subscribe(subject, queue, this::onMessage);
                } else {
                    subscription = dispatcher.subscribe(subject, this::onMessage);
                }
                LOG.info("NATS client {}: consuming {}", name, subject);
            } catch (Exception e) {
                health.error("cannot consume " + subject + ": " + e);
                LOG.warn("NATS client {}: cannot consume {} ({})", name, subject, e.toString());
            }
        }

        private void onMessage(Message m) {
            Map<String, String> headers = new HashMap<>();
            if (m.getHeaders() != null) {
                for (Map.Entry<String, List<String>> h : m.getHeaders().entrySet()) {
                    if (!h.getValue().isEmpty()) {
                        headers.put(h.getKey(), h.getValue().get(0));
                    }
                }
            }
            String id = headers.get("Nats-Msg-Id");
            InboundRecord record = new InboundRecord(subject, m.getSubject(),
                    id == null ? null : id.getBytes(java.nio.charset.StandardCharsets.UTF_8), m.getData(), headers);
            CompletionStage<Void> stage;
            try {
                stage = sink.apply(record);
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            if (m.isJetStream()) {
                stage.whenComplete((ok, error) -> {
                    if (error == null) {
                        m.ack();
                    } else {
                        m.nakWithDelay(java.time.Duration.ofSeconds(1));
                    }
                });
            }
        }

        void close() {
            io.nats.client.Subscription s = subscription;
            Dispatcher d = dispatcher;
            if (s != null && d != null) {
                try {
                    d.unsubscribe(s);
                } catch (RuntimeException e) {
                    LOG.debug("NATS client {}: unsubscribe {}: {}", name, subject, e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        io.shutdownNow();
        Connection conn = connection;
        if (conn != null) {
            try {
                conn.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        health.down(null);
    }
}
