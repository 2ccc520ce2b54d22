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
    void eachClientSaysHowManyRecordsItTakesInFlight() throws Exception {
        // MQTT: Paho refuses publishes beyond max_inflight, so the client's cap follows it and cannot pass it
        assertThat(maxInFlight("mqtt", Map.of("max_inflight", "500"))).isEqualTo(500);
        assertThat(maxInFlight("mqtt", Map.of("max_inflight", "500", "max_in_flight", "200"))).isEqualTo(200);
        assertThatThrownBy(() -> maxInFlight("mqtt", Map.of("max_inflight", "500", "max_in_flight", "501")))
                .hasMessageContaining("broker_bridge.mqtt.clients.x.max_in_flight");
        // Kafka: within producer.queue_capacity, where produce() would refuse records
        assertThat(maxInFlight("kafka", Map.of("endpoints", "127.0.0.1:1"))).isEqualTo(8192);
        assertThat(maxInFlight("kafka", Map.of("endpoints", "127.0.0.1:1", "producer.queue_capacity", "1000")))
                .isEqualTo(1000);
        assertThatThrownBy(() -> maxInFlight("kafka", Map.of("endpoints", "127.0.0.1:1",
                "producer.queue_capacity", "1000", "max_in_flight", "2000")))
                .hasMessageContaining("broker_bridge.kafka.clients.x.max_in_flight");
        for (String kind : new String[] {"amqp", "nats"}) {
            assertThat(maxInFlight(kind, Map.of())).isEqualTo(4096);
            assertThat(maxInFlight(kind, Map.of("max_in_flight", "64"))).isEqualTo(64);
        }
    }

    /** The window of a client "x" of {@code kind} made (not started) with {@code config}. */
    private static int maxInFlight(String kind, Map<String, String> config) throws Exception {
        try (BrokerClient client = ClientRegistry.withBuiltIns().factory(kind).orElseThrow().create("x", config)) {
            return client.maxInFlight();
        }
    }
}
