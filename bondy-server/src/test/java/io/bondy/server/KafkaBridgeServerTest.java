package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.bridge.kafka.KafkaTestBroker;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Published;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.server.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with a Kafka client in bondy.conf (Bondy's dotted producer keys) against a real Kafka broker:
 * events a WAMP client publishes over RawSocket arrive in a Kafka topic, and records written to another
 * Kafka topic reach a WAMP subscriber as events, both complete and in order.
 */
@Timeout(300)
class KafkaBridgeServerTest {

    private static final String MASTER = "com.leapsight.bondy";
    private static final String ADMIN_PASSWORD = "admin-password-1";
    private static final int EVENTS = 500;

    private static KafkaTestBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestBroker.startNew();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("wamp-out", 1, (short) 1), new NewTopic("wamp-in", 1, (short) 1)))
                    .all().get();
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void wampPublicationsReachKafkaAndKafkaRecordsReachWampSubscribers() throws Exception {
        try (BondyServer server = new BondyServer(config())) {
            server.start();
            await().atMost(Duration.ofSeconds(60)).until(server::isReady);
            try (RawSocketClient admin = RawSocketClient.connect(server.rawSocketPort());
                 RawSocketClient subscriber = RawSocketClient.connect(server.rawSocketPort())) {
                assertThat(admin.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
                assertThat(admin.call("bondy.broker_bridge.spec.load", Map.of("id", "to-kafka", "kind", "broker_bridge",
                        "subscriptions", List.of(Map.of("bridge", "bondy_kafka_bridge",
                                "match", Map.of("realm", MASTER, "topic", "com.example.to_kafka"),
                                "action", Map.of("type", "produce_sync",
                                        "topic", "{{kafka.topics |> get('out')}}",
                                        "key", "{{event.topic}}", "value", "{{event}}",
                                        "options", Map.of("client_id", "default"))))))).isInstanceOf(Result.class);
                assertThat(admin.call("bondy.broker_bridge.spec.load", Map.of("id", "from-kafka",
                        "inbound", List.of(Map.of("bridge", "kafka",
                                "source", Map.of("client_id", "default", "topic", "wamp-in",
                                        "options", Map.of("group_id", "bondy-in", "auto_offset_reset", "earliest")),
                                "action", Map.of("type", "publish", "realm", MASTER, "authid", "admin",
                                        "topic", "com.example.from_kafka", "args", "{{record.value.args}}",
                                        "kwargs", "{{record.value.kwargs}}")))))).isInstanceOf(Result.class);
                server.bridge().awaitApplied(10_000);
                assertThat(subscriber.loginWampCra(MASTER, "admin", ADMIN_PASSWORD)).isInstanceOf(Welcome.class);
                assertThat(subscriber.subscribe("com.example.from_kafka")).isInstanceOf(Subscribed.class);

                // WAMP → Kafka
                for (int i = 0; i < EVENTS; i++) {
                    assertThat(admin.publish("com.example.to_kafka", List.of(i), Map.of("seq", i)))
                            .isInstanceOf(Published.class);
                }
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(server.bridge().status())
                        .anySatisfy(st -> assertThat(st).containsEntry("delivered", (long) EVENTS)));
                List<String> values = readAll("wamp-out", EVENTS);
                for (int i = 0; i < EVENTS; i++) {
                    assertThat(values.get(i)).contains("\"seq\":" + i + "}", "\"topic\":\"com.example.to_kafka\"");
                }

                // Kafka → WAMP
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
                        "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (int i = 0; i < EVENTS; i++) {
                        producer.send(new ProducerRecord<>("wamp-in", ("{\"args\":[" + i + "],\"kwargs\":{\"seq\":" + i
                                + "}}").getBytes(StandardCharsets.UTF_8)));
                    }
                    producer.flush();
                }
                subscriber.timeout(60_000);
                for (int i = 0; i < EVENTS; i++) {
                    WampMessage m = subscriber.next();
                    assertThat(m).isInstanceOf(Event.class);
                    Payload.Arguments p = (Payload.Arguments) ((Event) m).payload();
                    assertThat(p.kwargsOrEmpty()).containsEntry("seq", i);
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(admin.call("bondy.broker_bridge.status")).isInstanceOfSatisfying(Result.class,
                                r -> assertThat(r.payload().toString()).contains("bridge=kafka.default",
                                        "connected=true", "delivered=" + EVENTS)));
            }
        }
    }

    private static List<String> readAll(String topic, int n) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= n;
            });
        }
        return values;
    }

    private io.bondy.server.config.ServerConfig config() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BONDY_NODENAME", "kafka-node");
        env.put("BONDY_API_GATEWAY_HTTP_PORT", "0");
        env.put("BONDY_WAMP_TCP_PORT", "0");
        env.put("BONDY_ADMIN_API_HTTP_ENABLED", "off");
        env.put("BONDY_PLATFORM_DATA_DIR", dir.resolve("data").toString());
        env.put("BONDY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Path file = dir.resolve("bondy.conf");
        Files.writeString(file, String.join("\n",
                "broker_bridge.kafka.clients.default.endpoints = \"" + kafka.bootstrapServers() + "\"",
                "broker_bridge.kafka.clients.default.health_check_interval = 500ms",
                "broker_bridge.kafka.clients.default.producer.required_acks = all",
                "broker_bridge.kafka.clients.default.producer.max_linger_time = 1ms",
                "broker_bridge.kafka.topics.out = \"wamp-out\"",
                ""));
        return new ConfigLoader(env).load(file);
    }
}
