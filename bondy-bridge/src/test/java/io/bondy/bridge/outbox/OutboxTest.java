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
}
