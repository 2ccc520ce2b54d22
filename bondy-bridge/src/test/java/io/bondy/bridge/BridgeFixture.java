package io.bondy.bridge;

import io.bondy.bridge.outbox.OutboxSettings;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.message.Payload;
import io.bondy.core.router.Realm;
import io.bondy.core.router.Router;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.store.MemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A router with realm {@code realm1}, a bridge with one client {@code default} of one kind, in-memory stores. */
final class BridgeFixture implements AutoCloseable {

    final Router router = Router.development();
    final Realm realm = router.realm("realm1").orElseGet(
            () -> router.addRealm(new RealmConfig("realm1", "test realm", List.of("anonymous"), false)));
    final MemoryStore specs = new MemoryStore("node0");
    final MemoryStore spill = new MemoryStore("node0");
    final BrokerBridge bridge;
    final InternalSession publisher;

    BridgeFixture(String kind, Map<String, String> clientConfig, int queueCapacity, int maxInFlight) {
        OutboxSettings outbox = new OutboxSettings(queueCapacity, 1_000_000, maxInFlight, Duration.ofSeconds(10),
                Duration.ofMillis(50), Duration.ofSeconds(2));
        BridgeSettings settings = BridgeSettings.defaults().withClients(Map.of(kind, Map.of("default", clientConfig)))
                .withOutbox(outbox);
        bridge = new BrokerBridge(settings, ClientRegistry.withBuiltIns(), router, specs, spill, BridgeMetrics.NOOP);
        bridge.start();
        publisher = InternalSession.join(router, realm,
                new AuthIdentity("publisher", "user", "anonymous", "test", Map.of()));
    }

    /** Publishes with acknowledgement and waits for it. */
    void publish(String topic, List<Object> args, Map<String, Object> kwargs) {
        publisher.publishAcknowledged(topic, Payload.of(args, kwargs), Map.of()).join();
    }

    @Override
    public void close() {
        bridge.close();
        router.shutdown();
    }
}
