package io.bondy.bridge.mqtt;

import io.bondy.bridge.client.ClientHealth;
import io.bondy.bridge.spi.BridgeHealth;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.InboundRecord;
import io.bondy.bridge.spi.OutboundRecord;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection (Paho's asynchronous client, in-memory persistence). Produce publishes with the
 * client's QoS (or {@code options.qos}, {@code options.retain}); the future completes on PUBACK
 * (QoS 1) or PUBCOMP (QoS 2); QoS 0 completes once written. Headers and keys have no place in MQTT
 * 3.1.1 and are not sent. Consume subscribes to a filter with manual acknowledgements: the PUBACK goes
 * when the sink's stage completes; a failed stage is not acknowledged, so the broker redelivers the
 * message on the next connection (with {@code clean_session = off}). Subscriptions are renewed on
 * every connection.
 *
 * <p>Threads: Paho's own threads send, receive and call back; a small scheduler
 * ({@code bondy-bridge-mqtt-<name>-io}) retries the first connection (Paho reconnects by itself only
 * after one succeeded).
 */
final class MqttBridgeClient implements BrokerClient {

    private static final Logger LOG = LoggerFactory.getLogger(MqttBridgeClient.class);

    private final String name;
    private final MqttClientFactory.MqttSettings settings;
    private final ClientHealth health = new ClientHealth();
    private final ScheduledExecutorService io;
    private final MqttAsyncClient client;
    private final MqttConnectOptions connectOptions = new MqttConnectOptions();
    private final java.util.List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    MqttBridgeClient(String name, MqttClientFactory.MqttSettings settings) {
        this.name = name;
        this.settings = settings;
        this.io = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bondy-bridge-mqtt-" + name + "-io");
            t.setDaemon(true);
            return t;
        });
        try {
            client = new MqttAsyncClient(settings.uris().get(0), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker_bridge.mqtt.clients." + name + ": " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        connectOptions.setServerURIs(settings.uris().toArray(String[]::new));
        connectOptions.setCleanSession(settings.cleanSession());
        connectOptions.setAutomaticReconnect(true);
        connectOptions.setMaxReconnectDelay((int) Math.max(1_000, settings.reconnectInterval().toMillis() * 4));
        connectOptions.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        connectOptions.setConnectionTimeout((int) Math.max(1, settings.connectionTimeout().toSeconds()));
        connectOptions.setMaxInflight(settings.maxInflight());
        if (settings.username() != null) {
            connectOptions.setUserName(settings.username());
        }
        if (settings.password() != null) {
            connectOptions.setPassword(settings.password().toCharArray());
        }
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                health.up();
                LOG.info("MQTT client {} {} to {}", name, reconnect ? "reconnected" : "connected", serverURI);
                for (Subscription s : subscriptions) {
                    s.subscribe();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                health.down("connection lost: " + cause);
                LOG.warn("MQTT client {}: connection lost ({}); reconnecting", name, String.valueOf(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // deliveries go to the per-subscription listeners
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // completion is handled by each publish's listener
            }
        });
    }

    @Override
    public String kind() {
        return "mqtt";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        io.execute(this::connect);
    }

    private void connect() {
        if (closed || client.isConnected()) {
            return;
        }
        try {
            client.connect(connectOptions, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete does the rest
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    health.down(String.valueOf(e));
                    retryLater();
                }
            });
        } catch (MqttException e) {
            health.down(e.toString());
            retryLater();
        }
    }

    private void retryLater() {
        if (!closed) {
            try {
                io.schedule(this::connect, settings.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("MQTT client {}: closing, no reconnect", name);
            }
        }
    }

    @Override
    public CompletableFuture<Void> produce(OutboundRecord record) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        Map<String, Object> options = record.options() == null ? Map.of() : record.options();
        int qos = options.get("qos") instanceof Number n ? n.intValue() : settings.qos();
        boolean retain = Boolean.TRUE.equals(options.get("retain"));
        try {
            MqttMessage message = new MqttMessage(record.value());
            message.setQos(Math.max(0, Math.min(2, qos)));
            message.setRetained(retain);
            client.publish(record.topic(), message, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    future.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (MqttException | RuntimeException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** Paho refuses a publish beyond its {@code max_inflight}: {@code max_in_flight} is at most that. */
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
        int qos = options != null && options.get("qos") instanceof Number n ? n.intValue() : settings.qos();
        Subscription s = new Subscription(source, Math.max(0, Math.min(2, qos)), sink);
        subscriptions.add(s);
        if (client.isConnected()) {
            s.subscribe();
        }
        return () -> {
            subscriptions.remove(s);
            try {
                if (client.isConnected()) {
                    client.unsubscribe(source);
                }
            } catch (MqttException e) {
                LOG.debug("MQTT client {}: unsubscribe {}: {}", name, source, e.toString());
            }
        };
    }

    /** One consumed filter. */
    private final class Subscription {

        private final String filter;
        private final int qos;
        private final Function<InboundRecord, CompletionStage<Void>> sink;

        Subscription(String filter, int qos, Function<InboundRecord, CompletionStage<Void>> sink) {
            this.filter = filter;
            this.qos = qos;
            this.sink = sink;
        }

        void subscribe() {
            try {
                client.subscribe(filter, qos, (topic, message) -> {
                    InboundRecord record = new InboundRecord(filter, topic, null, message.getPayload(), Map.of());
                    CompletionStage<Void> stage;
                    try {
                        stage = sink.apply(record);
                    } catch (RuntimeException e) {
                        stage = CompletableFuture.failedFuture(e);
                    }
                    stage.whenComplete((ok, error) -> {
                        if (error == null && message.getQos() > 0) {
                            try {
                                client.messageArrivedComplete(message.getId(), message.getQos());
                            } catch (MqttException e) {
                                LOG.debug("MQTT client {}: cannot acknowledge {}: {}", name, topic, e.toString());
                            }
                        }
                    });
                });
            } catch (MqttException e) {
                health.error("cannot subscribe " + filter + ": " + e);
                LOG.warn("MQTT client {}: cannot subscribe {} ({})", name, filter, e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        io.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT client {}: disconnect: {}", name, e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT client {}: close: {}", name, e.toString());
        }
        health.down(null);
    }
}
