package io.bondy.bridge;

import io.bondy.bridge.mapping.InboundMapper;
import io.bondy.bridge.mapping.Json;
import io.bondy.bridge.mapping.OutboundMapper;
import io.bondy.bridge.outbox.Outbox;
import io.bondy.bridge.outbox.PendingRecord;
import io.bondy.bridge.spec.BridgeSpec;
import io.bondy.bridge.spec.BridgeSpecParser;
import io.bondy.bridge.spec.InboundRule;
import io.bondy.bridge.spec.OutboundRule;
import io.bondy.bridge.spec.SpecException;
import io.bondy.bridge.spi.BridgeHealth;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.BrokerClientFactory;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.router.Realm;
import io.bondy.core.router.Router;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.TransportInfo;
import io.bondy.core.store.Entry;
import io.bondy.core.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker bridge of one node: its broker clients (from bondy.conf), one {@link Outbox} per client,
 * and the specs, kept in the replicated store under {@code broker_bridge/specs/<id>} so that every node
 * applies a change: a store listener (local or replicated writes) hands each change to the
 * {@code bondy-bridge-specs} thread, which subscribes and consumes accordingly.
 *
 * <p>Outbound: each subscription of a spec is a node-local internal session
 * ({@link InternalSession#joinNodeLocal}) subscribed in its realm, so it sees only publications made on
 * this node and every event is bridged once in the cluster. The EVENT is mapped on the publisher's
 * thread (pure, no I/O) and offered to the client's outbox, which never waits; the PUBLISHED
 * acknowledgement follows, so an acknowledged publication is queued (or spilled) already.
 *
 * <p>Inbound: each inbound mapping consumes through its client; a record is mapped and published as the
 * mapping's {@code authid} (a session acting for it, so the realm's permissions apply) with
 * {@code acknowledge}; the broker message is acknowledged once the router accepted the publication. A
 * record whose mapping fails, or that the router refuses (e.g. not authorized), is counted as failed,
 * logged and acknowledged (it would fail again); other failures leave it for redelivery.
 *
 * <p>Threads: publishers' threads (events), the clients' threads (consumed records), the
 * {@code bondy-bridge-specs} thread (applying specs), one worker per client (see {@link Outbox}), and the
 * admin callers' threads for {@link #load}, {@link #delete} (a store write) and the read-only queries.
 */
public final class BrokerBridge implements AutoCloseable {

    /** The store prefix of the specs (replicated). */
    public static final String PREFIX = "broker_bridge/specs/";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerBridge.class);
    private static final AuthIdentity BRIDGE_IDENTITY =
            new AuthIdentity("bondy.broker_bridge", "bondy.internal", "trusted", "bondy", Map.of());

    private final BridgeSettings settings;
    private final ClientRegistry registry;
    private final Router router;
    private final Store specStore;
    private final Store spillStore;
    private final BridgeMetrics metrics;
    private final BridgeSpecParser parser;
    private final OutboundMapper outboundMapper;
    private final InboundMapper inboundMapper;
    private final Map<String, BrokerClient> clients = new TreeMap<>();
    private final Map<String, Outbox> outboxes = new TreeMap<>();
    private final Map<String, AtomicLong> consumed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> inboundFailed = new ConcurrentHashMap<>();
    private final Map<String, LoadedSpec> loaded = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService specThread;
    private volatile boolean closed;

    /**
     * @param specStore  the node's (replicated) store: specs
     * @param spillStore a node-local store for records the memory queues cannot hold (never replicated);
     *                   null disables the spill
     * @throws IllegalArgumentException for a bad client key (naming it) or a kind no factory serves
     */
    public BrokerBridge(BridgeSettings settings, ClientRegistry registry, Router router, Store specStore,
            Store spillStore, BridgeMetrics metrics) {
        this.settings = settings;
        this.registry = registry;
        this.router = router;
        this.specStore = specStore;
        this.spillStore = spillStore;
        this.metrics = metrics;
        this.parser = new BridgeSpecParser(settings.maxRulesPerSpec());
        Map<String, Object> broker = Map.of("node", specStore.node(), "agent", router.agent());
        Map<String, Map<String, Object>> variables = new LinkedHashMap<>(settings.variables());
        if (variables.containsKey("kafka")) {
            variables.putIfAbsent("bondy_kafka_bridge", variables.get("kafka"));
        }
        this.outboundMapper = new OutboundMapper(broker, variables);
        this.inboundMapper = new InboundMapper(broker, variables);
        for (Map.Entry<String, Map<String, Map<String, String>>> kind : settings.clients().entrySet()) {
            BrokerClientFactory factory = registry.factory(kind.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "broker_bridge." + kind.getKey() + ": no client of this kind is available (known: "
                            + registry.kinds() + ")"));
            for (Map.Entry<String, Map<String, String>> client : kind.getValue().entrySet()) {
                clients.put(kind.getKey() + "." + client.getKey(), factory.create(client.getKey(), client.getValue()));
            }
        }
        this.specThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bondy-bridge-specs");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the clients (they connect in the background), the outboxes, and applies the stored specs and the config file's. */
    public void start() {
        for (Map.Entry<String, BrokerClient> e : clients.entrySet()) {
            BrokerClient client = e.getValue();
            client.start();
            Outbox outbox = new Outbox(client, settings.outbox(), spillStore, metrics);
            outboxes.put(e.getKey(), outbox);
            outbox.start();
        }
        specStore.addListener(entry -> {
            if (entry.key().startsWith(PREFIX) && !closed) {
                specThread.execute(() -> apply(entry));
            }
        });
        List<Entry> stored = new ArrayList<>();
        specStore.scan(PREFIX, stored::add);
        for (Entry entry : stored) {
            specThread.execute(() -> apply(entry));
        }
        if (settings.configFile() != null) {
            loadFile();
        }
        specThread.scheduleWithFixedDelay(this::retryMissingRealms, 5, 5, TimeUnit.SECONDS);
        LOG.info("Broker bridge started: clients {}, {} stored spec(s)", clients.keySet(), stored.size());
    }

    private void loadFile() {
        Object document;
        try {
            byte[] bytes = Files.readAllBytes(settings.configFile());
            document = Json.decode(bytes);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("broker_bridge.config_file " + settings.configFile() + ": " + e.getMessage(), e);
        }
        List<?> specs = document instanceof List<?> l ? l : List.of(document);
        for (int i = 0; i < specs.size(); i++) {
            try {
                BridgeSpec spec = validate(specs.get(i));
                Optional<Entry> current = specStore.get(PREFIX + spec.id());
                if (current.isPresent() && Json.decode(current.get().value()).equals(spec.source())) {
                    continue; // unchanged: no new version to replicate
                }
                specStore.put(PREFIX + spec.id(), Json.encode(spec.source()));
            } catch (SpecException e) {
                throw new IllegalArgumentException("broker_bridge.config_file " + settings.configFile()
                        + (specs.size() > 1 ? " (spec " + i + ")" : "") + ": " + e.getMessage(), e);
            } catch (BridgeException e) {
                throw new IllegalArgumentException("broker_bridge.config_file " + settings.configFile() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Validates a spec whole (including that its clients exist on this node) and stores it; every node
     * applies it. Returns the spec.
     *
     * @throws BridgeException {@code wamp.error.invalid_argument} with {@code path} and {@code message}
     */
    public BridgeSpec load(Object document) {
        BridgeSpec spec = validate(document);
        specStore.put(PREFIX + spec.id(), Json.encode(spec.source()));
        return spec;
    }

    private BridgeSpec validate(Object document) {
        byte[] json = Json.encode(document);
        if (json.length > settings.maxSpecBytes()) {
            throw new BridgeException(BridgeException.INVALID_ARGUMENT, "the spec is larger than "
                    + settings.maxSpecBytes() + " bytes (broker_bridge.max_spec_size)", Map.of("path", ""));
        }
        BridgeSpec spec;
        try {
            spec = parser.parse(document);
        } catch (SpecException e) {
            throw new BridgeException(BridgeException.INVALID_ARGUMENT, "invalid broker bridge spec at '" + e.path()
                    + "': " + e.reason(), Map.of("path", e.path(), "message", e.reason()));
        }
        for (int i = 0; i < spec.subscriptions().size(); i++) {
            OutboundRule r = spec.subscriptions().get(i);
            requireClient(r.kind(), r.clientId(), "subscriptions." + i + ".action.options.client_id");
        }
        for (int i = 0; i < spec.inbound().size(); i++) {
            InboundRule r = spec.inbound().get(i);
            BrokerClient client = requireClient(r.kind(), r.clientId(), "inbound." + i + ".source.client_id");
            if (!client.canConsume()) {
                throw new BridgeException(BridgeException.INVALID_ARGUMENT, "the " + r.kind() + " client cannot consume",
                        Map.of("path", "inbound." + i + ".bridge", "message", "this bridge does not consume"));
            }
        }
        return spec;
    }

    private BrokerClient requireClient(String kind, String name, String path) {
        BrokerClient client = clients.get(kind + "." + name);
        if (client == null) {
            String message = "no " + kind + " client named '" + name + "' on this node (bondy.conf broker_bridge."
                    + kind + ".clients." + name + ".*)";
            throw new BridgeException(BridgeException.INVALID_ARGUMENT, "invalid broker bridge spec at '" + path + "': "
                    + message, Map.of("path", path, "message", message));
        }
        return client;
    }

    /** Deletes the spec (every node stops it); false if there was none. */
    public boolean delete(String id) {
        if (specStore.get(PREFIX + id).isEmpty()) {
            return false;
        }
        specStore.delete(PREFIX + id);
        return true;
    }

    /** The stored spec, as loaded. */
    public Optional<Object> get(String id) {
        return specStore.get(PREFIX + id).map(e -> Json.decode(e.value()));
    }

    /** Every stored spec: id, version, meta, counts, and this node's errors applying it. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        specStore.scan(PREFIX, e -> {
            String id = e.key().substring(PREFIX.length());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            try {
                Map<String, Object> source = Json.decodeObject(e.value());
                m.put("version", source.getOrDefault("version", "1.0"));
                m.put("meta", source.getOrDefault("meta", Map.of()));
                m.put("subscriptions", source.get("subscriptions") instanceof List<?> l ? l.size() : 0);
                m.put("inbound", source.get("inbound") instanceof List<?> l ? l.size() : 0);
            } catch (IllegalArgumentException bad) {
                m.put("error", bad.getMessage());
            }
            LoadedSpec applied = loaded.get(id);
            m.put("errors", applied == null ? List.of() : List.copyOf(applied.errors));
            out.add(m);
        });
        return out;
    }

    /** Per client: connected, queued, delivered, failed, last error and the other counters. */
    public List<Map<String, Object>> status() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, BrokerClient> e : clients.entrySet()) {
            BrokerClient client = e.getValue();
            BridgeHealth health = client.health();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bridge", e.getKey());
            m.put("kind", client.kind());
            m.put("name", client.name());
            m.put("connected", health.connected());
            Outbox outbox = outboxes.get(e.getKey());
            if (outbox != null) {
                m.putAll(outbox.status());
            }
            m.put("consumed", consumed.getOrDefault(e.getKey(), new AtomicLong()).get());
            long inFailed = inboundFailed.getOrDefault(e.getKey(), new AtomicLong()).get();
            m.put("inbound_failed", inFailed);
            if (health.lastError() != null) {
                m.put("last_error", health.lastError());
            } else {
                m.putIfAbsent("last_error", null);
            }
            out.add(m);
        }
        return out;
    }

    /** Each client's health, by {@code <kind>.<name>} (for {@code /ready}). */
    public Map<String, BrokerClient> clients() {
        return java.util.Collections.unmodifiableMap(clients);
    }

    /** Runs {@code work} (an admin request that writes the store) on the spec thread, off the caller's. */
    public <T> CompletableFuture<T> async(java.util.function.Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, specThread);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new BridgeException("bondy.error.unavailable", "the bridge is stopping",
                    Map.of()));
        }
    }

    /** Waits until every spec change handed to the spec thread so far is applied (tests, admin). */
    public void awaitApplied(long timeoutMillis) {
        try {
            specThread.submit(() -> { }).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("spec changes not applied within " + timeoutMillis + " ms", e);
        }
    }

    /**
     * On the spec thread, every 5 s: a spec applied while one of its realms did not exist on this node
     * (created later, or replicated before the realm) is applied again once the realm is there.
     */
    private void retryMissingRealms() {
        for (Map.Entry<String, LoadedSpec> e : Map.copyOf(loaded).entrySet()) {
            if (e.getValue().missingRealms.isEmpty() || closed) {
                continue;
            }
            boolean anyThere = e.getValue().missingRealms.stream().anyMatch(r -> router.realm(r).isPresent());
            if (anyThere) {
                specStore.get(PREFIX + e.getKey()).ifPresent(this::apply);
            }
        }
    }

    /** On the spec thread: replaces what was applied for this id by what the entry says. */
    private void apply(Entry entry) {
        String id = entry.key().substring(PREFIX.length());
        LoadedSpec old = loaded.remove(id);
        if (old != null) {
            old.stop();
        }
        if (entry.isTombstone() || closed) {
            if (old != null) {
                LOG.info("Broker bridge spec {} removed", id);
            }
            return;
        }
        BridgeSpec spec;
        try {
            spec = parser.parse(Json.decode(entry.value()));
        } catch (RuntimeException e) {
            LOG.error("Broker bridge spec {} in the store is not valid here, not applied: {}", id, e.getMessage());
            LoadedSpec failed = new LoadedSpec();
            failed.errors.add(e.getMessage());
            loaded.put(id, failed);
            return;
        }
        LoadedSpec applied = new LoadedSpec();
        for (int i = 0; i < spec.subscriptions().size(); i++) {
            try {
                subscribe(spec.subscriptions().get(i), applied);
            } catch (RuntimeException e) {
                applied.errors.add("subscriptions." + i + ": " + e.getMessage());
            }
        }
        for (int i = 0; i < spec.inbound().size(); i++) {
            try {
                consume(spec.inbound().get(i), applied);
            } catch (RuntimeException e) {
                applied.errors.add("inbound." + i + ": " + e.getMessage());
            }
        }
        loaded.put(id, applied);
        if (applied.errors.isEmpty()) {
            LOG.info("Broker bridge spec {} applied: {} subscription(s), {} inbound mapping(s)", id,
                    spec.subscriptions().size(), spec.inbound().size());
        } else {
            LOG.error("Broker bridge spec {} applied in part on this node: {}", id, applied.errors);
        }
    }

    private void subscribe(OutboundRule rule, LoadedSpec applied) {
        String bridge = rule.kind() + "." + rule.clientId();
        Outbox outbox = outboxes.get(bridge);
        if (outbox == null) {
            throw new IllegalStateException("no " + rule.kind() + " client named '" + rule.clientId() + "' on this node");
        }
        Realm realm = realm(rule.realm(), applied);
        InternalSession session = InternalSession.joinNodeLocal(router, realm, BRIDGE_IDENTITY);
        applied.sessions.add(session);
        OutboundMapper.Prepared mapping = outboundMapper.prepare(rule);
        session.subscribe(rule.topic(), Map.of("match", rule.match()),
                event -> onEvent(rule, mapping, realm.uri(), outbox, event));
    }

    /** On the publisher's thread: map, then queue (never waits). */
    private void onEvent(OutboundRule rule, OutboundMapper.Prepared mapping, String realm, Outbox outbox, Event event) {
        long now = System.currentTimeMillis();
        try {
            Map<String, Object> e = OutboundMapper.event(realm, rule.topic(), event, now);
            outbox.offer(new PendingRecord(mapping.map(e), now));
        } catch (RuntimeException e) {
            outbox.mappingFailed("event " + event.publicationId() + ": " + e.getMessage());
            LOG.debug("Bridge {}.{}: event {} on {} not bridged: {}", rule.kind(), rule.clientId(),
                    event.publicationId(), rule.topic(), e.getMessage());
        }
    }

    private void consume(InboundRule rule, LoadedSpec applied) {
        String bridge = rule.kind() + "." + rule.clientId();
        BrokerClient client = clients.get(bridge);
        if (client == null) {
            throw new IllegalStateException("no " + rule.kind() + " client named '" + rule.clientId() + "' on this node");
        }
        Realm realm = realm(rule.realm(), applied);
        InternalSession publisher = InternalSession.actingFor(router, realm,
                new AuthIdentity(rule.authid(), rule.authid(), "bridge", "bondy", Map.of()),
                new TransportInfo("bridge", null, null));
        applied.sessions.add(publisher);
        AtomicLong ok = consumed.computeIfAbsent(bridge, k -> new AtomicLong());
        AtomicLong failed = inboundFailed.computeIfAbsent(bridge, k -> new AtomicLong());
        AutoCloseable handle = client.consume(rule.source(), rule.sourceOptions(), record -> {
            InboundMapper.Publication p;
            try {
                p = inboundMapper.map(rule, record);
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                metrics.failed(bridge);
                LOG.warn("Bridge {}: a record from {} could not be mapped and is dropped: {}", bridge, record.topic(),
                        e.getMessage());
                return CompletableFuture.completedFuture(null);
            }
            return publisher.publishAcknowledged(p.topic(), Payload.of(p.args(), p.kwargs()), p.options())
                    .handle((publicationId, error) -> {
                        if (error == null) {
                            ok.incrementAndGet();
                            metrics.consumed(bridge);
                            return null;
                        }
                        Throwable cause = error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                                ? c.getCause() : error;
                        if (cause instanceof ApplicationError refused) {
                            failed.incrementAndGet();
                            metrics.failed(bridge);
                            LOG.warn("Bridge {}: the router refused a publication to {} ({}); the record is dropped",
                                    bridge, p.topic(), refused.uri());
                            return null;
                        }
                        throw new java.util.concurrent.CompletionException(cause);
                    });
        });
        applied.consumers.add(handle);
    }

    private Realm realm(String uri, LoadedSpec applied) {
        Optional<Realm> realm = router.realm(uri);
        if (realm.isEmpty()) {
            applied.missingRealms.add(uri);
            throw new IllegalStateException("realm '" + uri + "' does not exist on this node (yet: applied when it does)");
        }
        return realm.get();
    }

    /** What one spec set up on this node. */
    private static final class LoadedSpec {

        final List<InternalSession> sessions = new ArrayList<>();
        final List<AutoCloseable> consumers = new ArrayList<>();
        final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.Set<String> missingRealms = new java.util.HashSet<>();

        void stop() {
            for (AutoCloseable c : consumers) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("Closing a consumer: {}", e.toString());
                }
            }
            for (InternalSession s : sessions) {
                s.leave();
            }
        }
    }

    /** Stops subscribing and consuming, then the outboxes (what is queued goes to the spill), then the clients. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        specThread.shutdown();
        try {
            specThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LoadedSpec spec : loaded.values()) {
            spec.stop();
        }
        loaded.clear();
        for (Outbox outbox : outboxes.values()) {
            outbox.close();
        }
        for (BrokerClient client : clients.values()) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing bridge client {}.{}: {}", client.kind(), client.name(), e.toString());
            }
        }
    }
}
