package io.bondy.bridge.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.bridge.BridgeMetrics;
import io.bondy.bridge.spi.BridgeHealth;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.OutboundRecord;
import io.bondy.core.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The outbox's order, spill and retry rules, with an in-process broker that can be switched down (the
 * real brokers are in the broker tests; this checks the edges those cannot reach on demand).
 */
class OutboxTest {

    /** A broker in memory: while down, every record fails; up, it is kept in arrival order. */
    static final class SwitchableBroker implements BrokerClient {

        final List<String> received = new CopyOnWriteArrayList<>();
        volatile boolean up = true;

        @Override
        public String kind() {
            return "test";
        }

        @Override
        public String name() {
            return "default";
        }

        @Override
        public void start() {
        }

        @Override
        public CompletableFuture<Void> produce(OutboundRecord record) {
            if (!up) {
                return CompletableFuture.failedFuture(new IllegalStateException("down"));
            }
            received.add(new String(record.value(), StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public BridgeHealth health() {
            return new BridgeHealth(up, null);
        }

        @Override
        public void close() {
        }
    }

    private static final OutboxSettings SMALL = new OutboxSettings(10, 1_000, 4, Duration.ofSeconds(5),
            Duration.ofMillis(10), Duration.ofMillis(50));

    private static PendingRecord record(int i) {
        return new PendingRecord(new OutboundRecord("t", null, String.valueOf(i).getBytes(StandardCharsets.UTF_8),
                Map.of("h", "v"), Map.of("exchange", "x", "qos", 1)), System.currentTimeMillis());
    }

    @Test
    void whileTheBrokerIsDownRecordsSpillAndArriveInOrderOnceItIsBack() {
        SwitchableBroker broker = new SwitchableBroker();
        broker.up = false;
        MemoryStore spill = new MemoryStore("n");
        try (Outbox outbox = new Outbox(broker, SMALL, spill, BridgeMetrics.NOOP)) {
            outbox.start();
            for (int i = 0; i < 200; i++) {
                assertThat(outbox.offer(record(i))).isTrue();
            }
            assertThat((Long) outbox.status().get("spilled")).isGreaterThanOrEqualTo(150L); // 10 in memory, a few taken by the worker
            broker.up = true;
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.received.stream().distinct().count() == 200);
            List<Integer> order = broker.received.stream().map(Integer::valueOf).distinct().toList();
            assertThat(order).isSorted();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.status().get("spilled_queued").equals(0L));
        }
    }

    @Test
    void pastTheSpillLimitRecordsAreDroppedAndCounted() {
        SwitchableBroker broker = new SwitchableBroker();
        broker.up = false;
        OutboxSettings tiny = new OutboxSettings(5, 5, 4, Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofMillis(50));
        try (Outbox outbox = new Outbox(broker, tiny, new MemoryStore("n"), BridgeMetrics.NOOP)) {
            int accepted = 0;
            for (int i = 0; i < 30; i++) {
                accepted += outbox.offer(record(i)) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(10);
            assertThat(outbox.status()).containsEntry("overflow", 20L);
        }
    }

    @Test
    void whatIsQueuedAtCloseIsDeliveredByTheNextOutboxOnTheSameSpill() {
        SwitchableBroker down = new SwitchableBroker();
        down.up = false;
        MemoryStore spill = new MemoryStore("n");
        try (Outbox first = new Outbox(down, SMALL, spill, BridgeMetrics.NOOP)) {
            first.start();
            for (int i = 0; i < 50; i++) {
                first.offer(record(i));
            }
        }
        SwitchableBroker up = new SwitchableBroker();
        try (Outbox second = new Outbox(up, SMALL, spill, BridgeMetrics.NOOP)) {
            second.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> up.received.stream().distinct().count() == 50);
            assertThat(up.received.stream().map(Integer::valueOf).distinct().toList()).isSorted();
        }
    }

    /** A broker that answers only when the test says so: every send is kept with its future. */
    static final class ManualBroker implements BrokerClient {

        record Sent(String topic, String value, CompletableFuture<Void> ack) {
        }

        final List<Sent> sent = new CopyOnWriteArrayList<>();
        final int cap;

        ManualBroker() {
            this(Integer.MAX_VALUE);
        }

        /** A broker that takes at most {@code cap} records in flight (its {@link #maxInFlight()}). */
        ManualBroker(int cap) {
            this.cap = cap;
        }

        @Override
        public int maxInFlight() {
            return cap;
        }

        @Override
        public String kind() {
            return "test";
        }

        @Override
        public String name() {
            return "manual";
        }

        @Override
        public void start() {
        }

        @Override
        public CompletableFuture<Void> produce(OutboundRecord record) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            sent.add(new Sent(record.topic(), new String(record.value(), StandardCharsets.UTF_8), ack));
            return ack;
        }

        @Override
        public BridgeHealth health() {
            return new BridgeHealth(true, null);
        }

        @Override
        public void close() {
        }

        List<String> values(int from, int to) {
            return sent.subList(from, to).stream().map(Sent::value).toList();
        }
    }

    private static PendingRecord record(String topic, String value) {
        return new PendingRecord(new OutboundRecord(topic, null, value.getBytes(StandardCharsets.UTF_8), Map.of(),
                Map.of()), System.currentTimeMillis());
    }

    @Test
    void aNewRecordIsSentAsSoonAsOneInFlightIsAcknowledged() {
        ManualBroker broker = new ManualBroker();
        OutboxSettings window4 = new OutboxSettings(100, 0, 4, Duration.ofSeconds(30), Duration.ofMillis(10),
                Duration.ofMillis(50));
        try (Outbox outbox = new Outbox(broker, window4, null, BridgeMetrics.NOOP)) {
            outbox.start();
            for (int i = 0; i < 10; i++) {
                outbox.offer(record(i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() == 4);
            broker.sent.get(0).ack().complete(null);
            // the window slides: the fifth goes out while the second, third and fourth are still unanswered
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() == 5);
            assertThat(broker.values(0, 5)).containsExactly("0", "1", "2", "3", "4");
            assertThat(outbox.delivered()).isEqualTo(1);
            broker.sent.get(2).ack().complete(null); // out of order: nothing retires before "1"
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> broker.sent.size() == 5);
            broker.sent.get(1).ack().complete(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() == 7);
            assertThat(broker.values(5, 7)).containsExactly("5", "6");
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 3);
            for (int i = 0; i < 10; i++) { // answer the rest as they come, so close() need not wait
                final int n = i;
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() > n);
                broker.sent.get(i).ack().complete(null);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 10);
        }
    }

    @Test
    void afterAFailureInTheMiddleOfTheWindowItsTopicIsSentAgainInOrderAndOtherTopicsAreNot() {
        ManualBroker broker = new ManualBroker();
        OutboxSettings window6 = new OutboxSettings(100, 0, 6, Duration.ofSeconds(30), Duration.ofMillis(10),
                Duration.ofMillis(50));
        try (Outbox outbox = new Outbox(broker, window6, null, BridgeMetrics.NOOP)) {
            outbox.start();
            for (String v : List.of("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4")) {
                outbox.offer(record(v.substring(0, 1), v));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() == 6);
            assertThat(broker.values(0, 6)).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
            broker.sent.get(2).ack().completeExceptionally(new IllegalStateException("broker said no"));
            broker.sent.get(0).ack().complete(null);
            // a slot is free, but nothing new leaves while the window has a failure and unanswered records
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> broker.sent.size() == 6);
            broker.sent.get(1).ack().complete(null);
            broker.sent.get(3).ack().complete(null);
            broker.sent.get(4).ack().complete(null); // a2 overtook a1: it is sent again after a1
            broker.sent.get(5).ack().complete(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() == 10);
            assertThat(broker.values(6, 10)).containsExactly("a1", "a2", "a3", "b3");
            broker.sent.subList(6, 10).forEach(s -> s.ack().complete(null));
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() == 12);
            broker.sent.subList(10, 12).forEach(s -> s.ack().complete(null));
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 10);
            assertThat(outbox.status()).containsEntry("retried", 2L).containsEntry("last_error",
                    "java.lang.IllegalStateException: broker said no");
            List<String> topicA = broker.sent.stream().filter(s -> s.topic().equals("a")).map(ManualBroker.Sent::value)
                    .toList();
            assertThat(topicA).containsExactly("a0", "a1", "a2", "a1", "a2", "a3", "a4");
            assertThat(broker.sent.stream().filter(s -> s.topic().equals("b")).map(ManualBroker.Sent::value))
                    .containsExactly("b0", "b1", "b2", "b3", "b4");
        }
    }

    @Test
    void theWindowIsTheClientsCapWhenItIsBelowTheConfiguredOne() {
        ManualBroker broker = new ManualBroker(3);
        OutboxSettings window8 = new OutboxSettings(100, 0, 8, Duration.ofSeconds(30), Duration.ofMillis(10),
                Duration.ofMillis(50));
        try (Outbox outbox = new Outbox(broker, window8, null, BridgeMetrics.NOOP)) {
            assertThat(outbox.window()).isEqualTo(3);
            assertThat(outbox.status()).containsEntry("max_in_flight", 3);
            outbox.start();
            for (int i = 0; i < 10; i++) {
                outbox.offer(record(i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() == 3);
            // the client said 3: the configured 8 does not send a fourth before one is acknowledged
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> broker.sent.size() == 3);
            broker.sent.get(0).ack().complete(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() == 4);
            for (int i = 0; i < 10; i++) {
                final int n = i;
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() > n);
                broker.sent.get(i).ack().complete(null);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 10);
        }
    }

    @Test
    void theConfiguredWindowHoldsWhenTheClientTakesMore() {
        ManualBroker broker = new ManualBroker(1_000);
        OutboxSettings window2 = new OutboxSettings(100, 0, 2, Duration.ofSeconds(30), Duration.ofMillis(10),
                Duration.ofMillis(50));
        try (Outbox outbox = new Outbox(broker, window2, null, BridgeMetrics.NOOP)) {
            assertThat(outbox.window()).isEqualTo(2);
            outbox.start();
            for (int i = 0; i < 4; i++) {
                outbox.offer(record(i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() == 2);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> broker.sent.size() == 2);
            for (int i = 0; i < 4; i++) {
                final int n = i;
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.sent.size() > n);
                broker.sent.get(i).ack().complete(null);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 4);
        }
    }
}
