package io.bondy.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.message.Payload;
import io.bondy.core.router.Realm;
import io.bondy.core.router.session.InternalSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A spec's life on a node, against the local RabbitMQ: a realm that appears later, replacement, deletion. */
class SpecLifecycleTest {

    @Test
    void aSpecForARealmCreatedLaterStartsBridgingOnceTheRealmExistsAndStopsWhenDeleted() throws Exception {
        String queue = "bondy-test-lifecycle-" + UUID.randomUUID();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection rabbit = factory.newConnection("test");
             BridgeFixture f = new BridgeFixture("amqp", Map.of("endpoints", "127.0.0.1:5672"), 1000, 16)) {
            Channel ch = rabbit.createChannel();
            ch.queueDeclare(queue, true, false, true, null);
            List<byte[]> received = new CopyOnWriteArrayList<>();
            ch.basicConsume(queue, true, (tag, d) -> received.add(d.getBody()), tag -> { });

            f.bridge.load(Map.of("id", "later", "subscriptions", List.of(Map.of("bridge", "amqp",
                    "match", Map.of("realm", "com.example.later", "topic", "com.example.t"),
                    "action", Map.of("topic", queue, "value", "{{event.args}}")))));
            f.bridge.awaitApplied(10_000);
            assertThat(f.bridge.list().get(0).get("errors").toString()).contains("com.example.later");

            Realm later = f.router.addRealm(new RealmConfig("com.example.later", "created later", List.of("anonymous"), false));
            await().atMost(Duration.ofSeconds(30)).until(() -> f.bridge.list().get(0).get("errors").equals(List.of()));
            InternalSession publisher = InternalSession.join(f.router, later, InternalSession.ROUTER_IDENTITY);
            publisher.publishAcknowledged("com.example.t", Payload.of(List.of(1)), Map.of()).join();
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
            assertThat(new String(received.get(0))).isEqualTo("[1]");

            assertThat(f.bridge.delete("later")).isTrue();
            f.bridge.awaitApplied(10_000);
            publisher.publishAcknowledged("com.example.t", Payload.of(List.of(2)), Map.of()).join();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertThat(f.bridge.delete("later")).isFalse();
        }
    }
}
