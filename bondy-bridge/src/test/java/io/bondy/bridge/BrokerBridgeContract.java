package io.bondy.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.bridge.mapping.Json;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.InternalSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every broker must do through the bridge, against the real local broker: 10,000 events with
 * args and kwargs both ways, complete and in order per topic; and with the broker stopped in the
 * middle and started again, every acknowledged publication arrives.
 */
abstract class BrokerBridgeContract {

    static final int EVENTS = 10_000;
    static final Duration PATIENCE = Duration.ofMinutes(3);

    abstract String kind();

    abstract int port();

    /** The bridge client's keys. */
    abstract Map<String, String> clientConfig(String u);

    /** action.topic of the outbound rule. */
    abstract String outTopic(String u);

    /** Reads what the bridge produced, straight from the broker (started before anything is published). */
    abstract DirectConsumer consumeDirect(String u) throws Exception;

    /** source.topic of the inbound rule. */
    abstract String inSource(String u);

    /** Takes the broker down (the machine's brokers: with the machine's commands). */
    void stopBroker() {
        Brokers.stop(port());
    }

    /** Brings the broker back on the same port. */
    void startBroker() {
        Brokers.start(port());
    }

    Map<String, Object> inSourceOptions(String u) {
        return Map.of();
    }

    /** Writes records straight to the broker; send returns once the broker acknowledged. */
    abstract DirectProducer produceDirect(String u) throws Exception;

    /**
     * Records the bridge keeps in flight to the broker. Mosquitto drops QoS 1 messages for a subscriber
     * whose queue passes max_queued_messages (1000 by default), so its test sends fewer at a time.
     */
    int maxInFlight() {
        return 256;
    }

    /**
     * Events published while the broker is down in the outbound restart test (the rest of the 10,000
     * follow once everything before arrived). The bridge sends what it held as fast as the broker takes it,
     * whether or not the test's consumer is back yet: Mosquitto keeps at most max_queued_messages (1000 by
     * default) for a subscriber and drops the rest, so its test holds back fewer.
     */
    int outageEvents() {
        return EVENTS;
    }

    /** Publishes this many, then waits until they arrived (Integer.MAX_VALUE: no pause). */
    int pace() {
        return Integer.MAX_VALUE;
    }

    BridgeFixture fixture(String u, int queueCapacity) {
        return new BridgeFixture(kind(), clientConfig(u), queueCapacity, maxInFlight());
    }

    interface DirectConsumer extends AutoCloseable {
        /** Every value received so far. */
        List<byte[]> received() throws Exception;
    }

    interface DirectProducer extends AutoCloseable {
        void send(byte[] value) throws Exception;

        /** Waits until the broker acknowledged everything sent. */
        default void flush() throws Exception {
        }
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    Map<String, Object> outboundSpec(String u) {
        return Map.of("id", "test-out-" + u, "kind", "broker_bridge", "version", "1.0", "meta", Map.of(),
                "subscriptions", List.of(Map.of("bridge", kind(),
                        "match", Map.of("realm", "realm1", "topic", "com.example." + u + ".",
                                "options", Map.of("match", "prefix")),
                        "action", Map.of("type", "produce", "topic", outTopic(u),
                                "key", "{{event.topic}}/{{event.publication_id}}",
                                "value", "{{event}}", "options", Map.of("client_id", "default")))));
    }

    Map<String, Object> inboundSpec(String u) {
        return Map.of("id", "test-in-" + u, "inbound", List.of(Map.of("bridge", kind(),
                "source", Map.of("client_id", "default", "topic", inSource(u), "options", inSourceOptions(u)),
                "action", Map.of("type", "publish", "realm", "realm1", "authid", "bridge-user",
                        "topic", "com.example." + u + ".in", "args", "{{record.value.args}}",
                        "kwargs", "{{record.value.kwargs}}"))));
    }

    @Test
    void outboundTenThousandEventsCompleteAndInOrderPerTopic() throws Exception {
        String u = unique();
        try (DirectConsumer consumer = consumeDirect(u);
             BridgeFixture f = fixture(u, 10_000)) {
            awaitConnected(f);
            f.bridge.load(outboundSpec(u));
            f.bridge.awaitApplied(10_000);
            for (int i = 0; i < EVENTS; i++) {
                String topic = "com.example." + u + ".t" + (i % 3);
                f.publish(topic, List.of(i, "arg"), Map.of("seq", i, "name", "event " + i));
                if ((i + 1) % pace() == 0) {
                    int sent = i + 1;
                    await().atMost(PATIENCE).until(() -> consumer.received().size() >= sent);
                }
            }
            await().atMost(PATIENCE).until(() -> consumer.received().size() >= EVENTS);
            Map<String, List<Integer>> perTopic = new HashMap<>();
            for (byte[] value : consumer.received()) {
                Map<String, Object> event = Json.decodeObject(value);
                Map<?, ?> kwargs = (Map<?, ?>) event.get("kwargs");
                int seq = ((Number) kwargs.get("seq")).intValue();
                assertThat(event.get("args")).isEqualTo(List.of(seq, "arg"));
                assertThat(kwargs.get("name")).isEqualTo("event " + seq);
                assertThat(event.get("realm")).isEqualTo("realm1");
                perTopic.computeIfAbsent((String) event.get("topic"), t -> new ArrayList<>()).add(seq);
            }
            assertThat(perTopic).hasSize(3);
            int total = 0;
            for (List<Integer> seqs : perTopic.values()) {
                assertThat(seqs).isSorted().doesNotHaveDuplicates();
                total += seqs.size();
            }
            assertThat(total).isEqualTo(EVENTS);
            assertThat(f.bridge.status().get(0)).containsEntry("delivered", (long) EVENTS).containsEntry("overflow", 0L);
        }
    }

    @Test
    void inboundTenThousandRecordsCompleteAndInOrder() throws Exception {
        String u = unique();
        try (BridgeFixture f = fixture(u, 10_000)) {
            Queue<Integer> received = subscribe(f, u);
            awaitConnected(f);
            f.bridge.load(inboundSpec(u));
            f.bridge.awaitApplied(10_000);
            try (DirectProducer producer = produceDirect(u)) {
                probe(producer, received);
                send(producer, 0, EVENTS, received);
            }
            await().atMost(PATIENCE).until(() -> received.stream().filter(s -> s >= 0).count() >= EVENTS);
            List<Integer> seqs = received.stream().filter(s -> s >= 0).toList();
            assertThat(seqs).hasSize(EVENTS).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    @Tag("broker-restart")
    void outboundSurvivesABrokerRestart() throws Exception {
        String u = unique();
        // a memory queue smaller than the outage: most of what is published meanwhile goes to the spill
        try (DirectConsumer consumer = consumeDirect(u);
             BridgeFixture f = fixture(u, Math.min(1_000, outageEvents() / 6))) {
            awaitConnected(f);
            f.bridge.load(outboundSpec(u));
            f.bridge.awaitApplied(10_000);
            int down = EVENTS / 3;
            int up = Math.min(EVENTS, down + outageEvents());
            publishPaced(f, u, consumer, 0, down);
            try {
                stopBroker();
                for (int i = down; i < up; i++) {
                    publishSeq(f, u, i);
                }
            } finally {
                startBroker();
            }
            awaitAll(consumer, up);
            publishPaced(f, u, consumer, up, EVENTS);
            awaitAll(consumer, EVENTS);
            assertThat(f.bridge.status().get(0)).containsEntry("overflow", 0L);
            assertThat((Long) f.bridge.status().get(0).get("spilled")).isPositive();
        }
    }

    @Test
    @Tag("broker-restart")
    void inboundSurvivesABrokerRestart() throws Exception {
        String u = unique();
        try (BridgeFixture f = fixture(u, 10_000)) {
            Queue<Integer> received = subscribe(f, u);
            awaitConnected(f);
            f.bridge.load(inboundSpec(u));
            f.bridge.awaitApplied(10_000);
            try (DirectProducer producer = produceDirect(u)) {
                probe(producer, received);
                send(producer, 0, EVENTS / 2, received);
            }
            try {
                stopBroker();
            } finally {
                startBroker();
            }
            try (DirectProducer producer = produceDirect(u)) {
                send(producer, EVENTS / 2, EVENTS, received);
            }
            await().atMost(PATIENCE).until(() -> received.stream().filter(s -> s >= 0).distinct().count() >= EVENTS);
        }
    }

    private static void publishSeq(BridgeFixture f, String u, int i) {
        f.publish("com.example." + u + ".t" + (i % 3), List.of(i), Map.of("seq", i));
    }

    /** Publishes seq from..to-1 (the restart test's events), every pace() waiting until they arrived. */
    private void publishPaced(BridgeFixture f, String u, DirectConsumer consumer, int from, int to) {
        for (int i = from; i < to; i++) {
            publishSeq(f, u, i);
            if ((i + 1 - from) % pace() == 0) {
                awaitAll(consumer, i + 1);
            }
        }
    }

    /** Waits until the consumer holds every seq below {@code to}. */
    private static void awaitAll(DirectConsumer consumer, int to) {
        Set<Integer> expected = new TreeSet<>();
        for (int i = 0; i < to; i++) {
            expected.add(i);
        }
        await().atMost(PATIENCE).ignoreExceptions().until(() -> seqs(consumer.received()).containsAll(expected));
    }

    /** Sends records from..to-1, pausing every pace() records until they arrived. */
    private void send(DirectProducer producer, int from, int to, Queue<Integer> received) throws Exception {
        for (int i = from; i < to; i++) {
            producer.send(record(i));
            if ((i + 1 - from) % pace() == 0) {
                producer.flush();
                int sent = i + 1 - from;
                await().atMost(PATIENCE).until(() -> received.stream().filter(s -> s >= from).distinct().count() >= sent);
            }
        }
    }

    private static void awaitConnected(BridgeFixture f) {
        await().atMost(Duration.ofSeconds(60)).until(() -> f.bridge.clients().values().stream()
                .allMatch(c -> c.health().connected()));
    }

    private static Queue<Integer> subscribe(BridgeFixture f, String u) {
        Queue<Integer> received = new ConcurrentLinkedQueue<>();
        InternalSession subscriber = InternalSession.join(f.router, f.realm, InternalSession.ROUTER_IDENTITY);
        subscriber.subscribe("com.example." + u + ".in", Map.of(), event -> {
            Map<String, Object> kwargs = ((Payload.Arguments) event.payload()).kwargsOrEmpty();
            received.add(((Number) kwargs.get("seq")).intValue());
        });
        return received;
    }

    /** Sends probes (seq -1) until one arrives: the bridge is consuming. */
    private static void probe(DirectProducer producer, Queue<Integer> received) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            producer.send(record(-1));
            try {
                await().atMost(Duration.ofSeconds(1)).until(() -> received.contains(-1));
                return;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the bridge never consumed a probe");
                }
            }
        }
    }

    static byte[] record(int seq) {
        return Json.encode(Map.of("args", List.of(seq, "arg"), "kwargs", Map.of("seq", seq, "name", "record " + seq)));
    }

    private static Set<Integer> seqs(List<byte[]> values) {
        Set<Integer> out = ConcurrentHashMap.newKeySet();
        for (byte[] v : values) {
            Map<?, ?> kwargs = (Map<?, ?>) Json.decodeObject(v).get("kwargs");
            out.add(((Number) kwargs.get("seq")).intValue());
        }
        return out;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
