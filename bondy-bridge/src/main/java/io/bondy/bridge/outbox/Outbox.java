package io.bondy.bridge.outbox;

import io.bondy.bridge.BridgeMetrics;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one broker client on their way out, at least once and in order.
 *
 * <p>{@link #offer} puts a record in a bounded memory queue; once that is full, and for as long as
 * anything is spilled (so the order holds), records go to the node-local {@link SpillQueue}; past its
 * limit they are dropped, counted ({@code overflow}) and logged. One worker thread per client
 * ({@code bondy-bridge-<kind>-<name>}) takes the oldest records (memory first, then the spill), sends up to
 * {@code maxInFlight} of them, waits for every acknowledgement and sends again what failed, in order,
 * after a growing delay, until the broker takes it. A record is removed from the spill only once
 * acknowledged. On {@link #close}, what is still in memory is written to the spill, so a graceful
 * restart loses nothing.
 *
 * <p>Order: records leave in the order offered. A record that fails is sent again after later ones of
 * its batch may have been acknowledged, so after a broker failure a topic may see a retried record
 * late and, at least once, twice.
 *
 * <p>Threading: {@link #offer} from any thread (the publisher's: it never waits, a spill write is an
 * unsynced RocksDB put); the broker is only called from the worker thread.
 */
public final class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final BrokerClient client;
    private final String bridge;
    private final OutboxSettings settings;
    private final BridgeMetrics metrics;
    private final ArrayBlockingQueue<PendingRecord> memory;
    private final SpillQueue spill;
    private final Object offerLock = new Object();
    private final Thread worker;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong overflow = new AtomicLong();
    private volatile String lastError;
    private volatile long lastOverflowLog;
    private volatile boolean running = true;
    private volatile List<PendingRecord> unfinished = List.of();

    public Outbox(BrokerClient client, OutboxSettings settings, Store spillStore, BridgeMetrics metrics) {
        this.client = client;
        this.bridge = client.kind() + "." + client.name();
        this.settings = settings;
        this.metrics = metrics;
        this.memory = new ArrayBlockingQueue<>(Math.max(1, settings.queueCapacity()));
        this.spill = spillStore == null ? null : new SpillQueue(spillStore, client.kind(), client.name());
        metrics.gauges(bridge, memory::size, () -> spill == null ? 0 : spill.size());
        this.worker = new Thread(this::run, "bondy-bridge-" + client.kind() + "-" + client.name());
        this.worker.setDaemon(true);
    }

    public void start() {
        if (spill != null && !spill.isEmpty()) {
            LOG.info("Bridge {}: {} record(s) spilled before the last stop will be delivered first", bridge,
                    spill.size());
        }
        worker.start();
    }

    /**
     * Queues a record; returns false (counted and logged) if it was dropped because the memory queue
     * and the spill are full, or the outbox is closed.
     */
    public boolean offer(PendingRecord record) {
        if (!running) {
            overflow(record, "the bridge is stopping");
            return false;
        }
        synchronized (offerLock) {
            boolean spilling = spill != null && !spill.isEmpty();
            if (!spilling && memory.offer(record)) {
                return true;
            }
            if (spill != null && spill.size() < settings.spillMaxRecords()) {
                try {
                    spill.append(record);
                    spilled.incrementAndGet();
                    metrics.spilled(bridge);
                    return true;
                } catch (RuntimeException e) {
                    LOG.warn("Bridge {}: cannot spill a record to the node's store: {}", bridge, e.toString());
                }
            }
        }
        overflow(record, "its queue (" + settings.queueCapacity() + " in memory, " + settings.spillMaxRecords()
                + " spilled) is full");
        return false;
    }

    private void overflow(PendingRecord record, String why) {
        long n = overflow.incrementAndGet();
        metrics.overflow(bridge);
        long now = System.currentTimeMillis();
        if (now - lastOverflowLog > 5_000) {
            lastOverflowLog = now;
            LOG.warn("Bridge {}: dropped a record for '{}' because {} ({} dropped so far)", bridge,
                    record.record().topic(), why, n);
        }
    }

    /** Counts an event that could not be turned into a record (a failing expression). */
    public void mappingFailed(String error) {
        failed.incrementAndGet();
        metrics.failed(bridge);
        lastError = error;
    }

    private void run() {
        while (running) {
            try {
                List<PendingRecord> batch = new ArrayList<>();
                memory.drainTo(batch, settings.maxInFlight());
                boolean fromSpill = false;
                if (batch.isEmpty() && spill != null) {
                    synchronized (offerLock) {
                        // memory is empty and nothing enters it while the spill holds records
                        if (memory.isEmpty() && !spill.isEmpty()) {
                            batch = spill.peek(settings.maxInFlight());
                            fromSpill = true;
                        }
                    }
                }
                if (batch.isEmpty()) {
                    PendingRecord next = memory.poll(200, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        batch.add(next);
                        memory.drainTo(batch, settings.maxInFlight() - 1);
                    }
                }
                if (batch.isEmpty()) {
                    continue;
                }
                List<PendingRecord> undelivered = deliver(batch);
                if (fromSpill) {
                    spill.remove(batch.size() - undelivered.size()); // undelivered are only left when stopping
                } else if (!undelivered.isEmpty()) {
                    putBack(undelivered);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.error("Bridge {}: the delivery loop failed; it goes on", bridge, e);
            }
        }
    }

    /**
     * Sends the batch until every record is acknowledged; returns what is left undelivered because the
     * outbox is closing (a suffix of the batch, kept in order: the spilled head is removed up to it).
     */
    private List<PendingRecord> deliver(List<PendingRecord> batch) throws InterruptedException {
        List<PendingRecord> pending = batch;
        int attempt = 0;
        while (true) {
            List<CompletableFuture<Void>> acks = new ArrayList<>(pending.size());
            for (PendingRecord p : pending) {
                CompletableFuture<Void> f;
                try {
                    f = client.produce(p.record());
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                acks.add(f);
            }
            long deadline = System.nanoTime() + settings.produceTimeout().toNanos();
            List<PendingRecord> again = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                PendingRecord p = pending.get(i);
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    acks.get(i).get(left, TimeUnit.NANOSECONDS);
                    delivered.incrementAndGet();
                    metrics.produced(bridge, System.currentTimeMillis() - p.acceptedAtMillis());
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    lastError = cause.toString();
                    again.add(p);
                }
            }
            if (again.isEmpty()) {
                return List.of();
            }
            retried.addAndGet(again.size());
            for (int i = 0; i < again.size(); i++) {
                metrics.retried(bridge);
            }
            if (attempt == 0 || attempt % 20 == 0) {
                LOG.warn("Bridge {}: {} record(s) not acknowledged ({}); retrying with backoff", bridge, again.size(),
                        lastError);
            }
            if (!running) {
                return again.size() == pending.size() ? again : trailing(pending, again);
            }
            long delay = Math.min(settings.retryMax().toMillis(), settings.retryInitial().toMillis() << Math.min(attempt, 16));
            attempt++;
            long until = System.currentTimeMillis() + delay;
            while (running && System.currentTimeMillis() < until) {
                Thread.sleep(Math.min(50, Math.max(1, until - System.currentTimeMillis())));
            }
            if (!running) {
                return trailing(pending, again);
            }
            pending = again;
        }
    }

    /** The suffix of {@code pending} from its first undelivered record (what stays queued on close). */
    private static List<PendingRecord> trailing(List<PendingRecord> pending, List<PendingRecord> again) {
        int first = pending.indexOf(again.get(0));
        return new ArrayList<>(pending.subList(first, pending.size()));
    }

    /** The worker's last batch from memory, left undelivered because the outbox closes (close() spills it). */
    private void putBack(List<PendingRecord> records) {
        unfinished = records;
    }

    /** The counters {@code bondy.broker_bridge.status} reports. */
    public java.util.Map<String, Object> status() {
        java.util.Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("queued", memory.size());
        s.put("spilled_queued", spill == null ? 0 : spill.size());
        s.put("delivered", delivered.get());
        s.put("failed", failed.get());
        s.put("retried", retried.get());
        s.put("spilled", spilled.get());
        s.put("overflow", overflow.get());
        s.put("last_error", lastError);
        return s;
    }

    public long delivered() {
        return delivered.get();
    }

    /** Stops the worker (it finishes or gives up its batch) and writes what is left in memory to the spill. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(settings.produceTimeout().toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<PendingRecord> left = new ArrayList<>(unfinished);
        synchronized (offerLock) {
            memory.drainTo(left);
            if (!left.isEmpty() && spill != null) {
                // memory is older than anything spilled: it goes before the spill's head
                spill.prepend(left);
                LOG.info("Bridge {}: {} queued record(s) written to the spill for the next start", bridge, left.size());
            } else if (!left.isEmpty()) {
                LOG.warn("Bridge {}: {} queued record(s) lost at shutdown (no spill store)", bridge, left.size());
            }
        }
    }
}
