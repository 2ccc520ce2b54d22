package io.bondy.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.OutboundRecord;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client whose broker is not there: start does not throw, produce fails (to be retried) without
 * blocking, health says why, and close ends every thread of the client.
 */
class ClientsWithoutBrokerTest {

    @ParameterizedTest
    @ValueSource(strings = {"amqp", "mqtt", "nats"})
    void aClientWithoutItsBrokerKeepsTryingAndClosesCleanly(String kind) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        BrokerClient client = ClientRegistry.withBuiltIns().factory(kind).orElseThrow()
                .create("nobroker", Map.of("endpoints", "127.0.0.1:" + port, "reconnect_interval", "200ms"));
        client.start();
        long before = System.nanoTime();
        var future = client.produce(new OutboundRecord("t", null, new byte[] {1}, Map.of(), Map.of()));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(1_000);
        assertThatThrownBy(() -> future.get(20, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.ExecutionException.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.health().lastError() != null);
        assertThat(client.health().connected()).isFalse();
        client.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("bondy-bridge-" + kind + "-nobroker")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"amqp", "mqtt", "nats"})
    void anUnknownOrBadKeyIsRefusedNamingIt(String kind) {
        var factory = ClientRegistry.withBuiltIns().factory(kind).orElseThrow();
        assertThatThrownBy(() -> factory.create("x", Map.of("no_such_key", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker_bridge." + kind + ".clients.x.no_such_key");
        assertThatThrownBy(() -> factory.create("x", Map.of("endpoints", "localhost:notaport")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker_bridge." + kind + ".clients.x.endpoints");
    }

    @Test
    void eachClientSaysHowManyRecordsItTakesInFlight() {
        ClientRegistry registry = ClientRegistry.withBuiltIns();
        // MQTT: Paho refuses publishes beyond max_inflight, so the client's cap follows it and cannot pass it
        BrokerClient mqtt = registry.factory("mqtt").orElseThrow().create("x", Map.of("max_inflight", "500"));
        assertThat(mqtt.maxInFlight()).isEqualTo(500);
        mqtt.close();
        BrokerClient mqtt2 = registry.factory("mqtt").orElseThrow().create("x",
                Map.of("max_inflight", "500", "max_in_flight", "200"));
        assertThat(mqtt2.maxInFlight()).isEqualTo(200);
        mqtt2.close();
        assertThatThrownBy(() -> registry.factory("mqtt").orElseThrow().create("x",
                Map.of("max_inflight", "500", "max_in_flight", "501")))
                .hasMessageContaining("broker_bridge.mqtt.clients.x.max_in_flight");
        // Kafka: within producer.queue_capacity, where produce() would refuse records
        BrokerClient kafka = registry.factory("kafka").orElseThrow().create("x", Map.of("endpoints", "127.0.0.1:1"));
        assertThat(kafka.maxInFlight()).isEqualTo(8192);
        kafka.close();
        BrokerClient small = registry.factory("kafka").orElseThrow().create("x",
                Map.of("endpoints", "127.0.0.1:1", "producer.queue_capacity", "1000"));
        assertThat(small.maxInFlight()).isEqualTo(1000);
        small.close();
        assertThatThrownBy(() -> registry.factory("kafka").orElseThrow().create("x", Map.of("endpoints", "127.0.0.1:1",
                "producer.queue_capacity", "1000", "max_in_flight", "2000")))
                .hasMessageContaining("broker_bridge.kafka.clients.x.max_in_flight");
        for (String kind : new String[] {"amqp", "nats"}) {
            BrokerClient c = registry.factory(kind).orElseThrow().create("x", Map.of());
            assertThat(c.maxInFlight()).isEqualTo(4096);
            c.close();
            BrokerClient d = registry.factory(kind).orElseThrow().create("x", Map.of("max_in_flight", "64"));
            assertThat(d.maxInFlight()).isEqualTo(64);
            d.close();
        }
    }
}
