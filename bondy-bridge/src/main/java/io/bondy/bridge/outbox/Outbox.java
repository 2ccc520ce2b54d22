package io.bondy.bridge.outbox;

import io.bondy.bridge.BridgeMetrics;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.core.store.Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one broker client on their way out, at least once and in order.
 *
 * <p>{@link #offer} puts a record in a bounded memory queue; once that is full, and for as long as
 * anything is spilled (so the order holds), records go to the node-local {@link SpillQueue}; past its
 * limit they are dropped, counted ({@code overflow}) and logged. One worker thread per client
 * ({@code bondy-bridge-<kind>-<name>}) keeps a sliding window of up to {@link #window()} records sent and
 * not yet acknowledged (the smaller of {@code broker_bridge.max_in_flight} and the client's
 * {@link BrokerClient#maxInFlight()}), taking the oldest records (memory first, then the spill): as soon
 * as the oldest ones are acknowledged they leave the window (a spilled one leaves the spill only then) and
 * new ones are sent; while the window is full, a batch of acknowledgements (an eighth of the window, at most
 * 64) wakes the worker, so slots are freed and refilled a batch at a time. A record not acknowledged within
 * {@code produceTimeout} counts as failed. On {@link #close}, the worker waits for the answers of what is in
 * flight (at most {@code produceTimeout}) and what is still in memory or unacknowledged is written to the
 * spill, so a graceful restart loses nothing.
 *
 * <p>Order and failures: records leave in the order offered. When one fails, nothing new is sent; once
 * every record of the window is answered, after a growing delay, the failed records are sent again in
 * window order, each with every later record of the same broker topic, even those already acknowledged
 * (go back per topic). So a topic's records after a failure arrive again, in order, after the retried one:
 * a consumer sees them twice (at least once) and the last copies in the published order; records of topics
 * without a failure are not sent again.
 *
 * <p>Threading: {@link #offer} from any thread (the publisher's: it never waits, a spill write is an
 * unsynced RocksDB put); the broker is only called from the worker thread.
 */
public final class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final BrokerClient client;
    private final String bridge;
    private final OutboxSettings settings;
    private final int maxInFlight;
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
    /** Slots whose send was answered, in answer order; the client's threads add, the worker takes. */
    private final ConcurrentLinkedQueue<Slot> answers = new ConcurrentLinkedQueue<>();
    private int pending; // sends not answered nor timed out (worker thread only)
    /**
     * What the worker waits for while it parks: {@link #BUSY} (not parked), {@link #AWAITING_ANSWERS} (its
     * window is full, or it is failing: only an answer wakes it) or {@link #AWAITING_ANY} (a record or an answer
     * wakes it). A waker that wants it moves it to BUSY first, so one unpark (a syscall) serves them all.
     */
    private final AtomicInteger waiting = new AtomicInteger();
    private static final int BUSY = 0;
    private static final int AWAITING_ANSWERS = 1;
    private static final int AWAITING_ANY = 2;
    /** Answers queued and not yet taken by the worker. */
    private final AtomicInteger queuedAnswers = new AtomicInteger();
    /**
     * How many queued answers wake the worker: 1, except while its window is full, when it is a few (at most
     * {@link #ANSWER_BATCH}, an eighth of the window, and what it waits for), so that it frees and refills slots
     * a batch at a time instead of being woken, and waking the client, for every acknowledgement.
     */
    private volatile int wakeAfterAnswers = 1;
    private static final int ANSWER_BATCH = 64;
    private static final long TIMEOUT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    public Outbox(BrokerClient client, OutboxSettings settings, Store spillStore, BridgeMetrics metrics) {
        this.client = client;
        this.bridge = client.kind() + "." + client.name();
        this.settings = settings;
        this.maxInFlight = Math.max(1, Math.min(settings.maxInFlight(), client.maxInFlight()));
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
                wakeForRecord();
                return true;
            }
            if (spill != null && spill.size() < settings.spillMaxRecords()) {
                try {
                    spill.append(record);
                    spilled.incrementAndGet();
                    metrics.spilled(bridge);
                    wakeForRecord();
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

    /**
     * A record in the window: sent, and not yet retired. The worker owns it; the client's thread that
     * answers a send sets its state (under its lock, for the send it answers only) and queues it in
     * {@code answers}.
     */
    private static final class Slot {
        static final int PENDING = 0;
        static final int ACKED = 1;
        static final int FAILED = 2;

        final PendingRecord record;
        final boolean fromSpill;
        int attempt; // which send the state belongs to (a late answer to an earlier one is ignored); guarded by this
        long deadline;
        boolean counted; // delivered counted once, even if a retry sends it again
        volatile int state;
        volatile Throwable error;

        Slot(PendingRecord record, boolean fromSpill) {
            this.record = record;
            this.fromSpill = fromSpill;
        }

        /** Fails the current send for want of an answer; false if it was answered meanwhile. */
        synchronized boolean timeOut(OutboxSettings settings) {
            if (state != PENDING) {
                return false;
            }
            error = new java.util.concurrent.TimeoutException("not acknowledged within " + settings.produceTimeout());
            attempt++; // its answer, if it ever comes, is ignored
            state = FAILED;
            return true;
        }
    }

    private void run() {
        ArrayDeque<Slot> window = new ArrayDeque<>(Math.min(maxInFlight, 4096));
        long spillInWindow = 0;
        long lastTimeoutCheck = System.nanoTime();
        int failures = 0; // consecutive retry rounds without progress
        long retryAt = 0; // when failing: the time (nanos) of the next retry round, 0 before it is set
        boolean failing = false;
        while (!Thread.currentThread().isInterrupted()) { // nobody interrupts it; if someone did, it stops
            try {
                long now = System.nanoTime();
                for (Slot slot; (slot = answers.poll()) != null; ) {
                    queuedAnswers.decrementAndGet(); // before anything that could throw: the count stays exact
                    pending--;
                    if (slot.state == Slot.FAILED) {
                        failing = true;
                    } else if (slot.state == Slot.ACKED && !slot.counted) {
                        slot.counted = true;
                        delivered.incrementAndGet();
                        metrics.produced(bridge, System.currentTimeMillis() - slot.record.acceptedAtMillis());
                    }
                }
                if (pending > 0 && now - lastTimeoutCheck > TIMEOUT_CHECK_NANOS) {
                    lastTimeoutCheck = now;
                    for (Slot slot : window) {
                        if (slot.state == Slot.PENDING && now - slot.deadline >= 0 && slot.timeOut(settings)) {
                            lastError = slot.error.toString();
                            pending--;
                            failing = true;
                        }
                    }
                }
                boolean allDone = pending == 0;
                // retire the acknowledged head, in order (a spilled record leaves the spill only now)
                while (!window.isEmpty() && window.peekFirst().state == Slot.ACKED && window.peekFirst().counted) {
                    Slot done = window.pollFirst();
                    if (done.fromSpill) {
                        spill.remove(1);
                        spillInWindow--;
                    }
                    if (!failing) {
                        failures = 0;
                    }
                }
                if (!running) {
                    if (allDone || window.isEmpty()) {
                        break; // what is left is put back by close()
                    }
                } else if (failing) {
                    if (allDone) {
                        if (retryAt == 0) {
                            long delay = Math.min(settings.retryMax().toMillis(),
                                    settings.retryInitial().toMillis() << Math.min(failures, 16));
                            retryAt = now + TimeUnit.MILLISECONDS.toNanos(delay);
                            if (failures % 20 == 0) {
                                LOG.warn("Bridge {}: {} record(s) not acknowledged ({}); retrying with backoff", bridge,
                                        window.stream().filter(x -> x.state == Slot.FAILED).count(), lastError);
                            }
                            failures++;
                        } else if (now - retryAt >= 0) {
                            resendFromFailures(window);
                            retryAt = 0;
                            failing = false;
                        }
                    }
                } else {
                    spillInWindow += fill(window, spillInWindow);
                }
                long wait = TimeUnit.MILLISECONDS.toNanos(200);
                if (retryAt != 0) {
                    wait = Math.min(wait, retryAt - now);
                }
                if (pending > 0) {
                    wait = Math.min(wait, TIMEOUT_CHECK_NANOS);
                }
                if (wait > 0 && answers.isEmpty() && !canSend(window, spillInWindow, failing)) {
                    // an answer or a wanted offer after `waiting` is set sees it and unparks; one before it is seen
                    // by the look after it (so no wake-up is lost, and a busy worker costs its wakers nothing). With
                    // a full window, offers do not wake it: it could not send what they bring.
                    boolean room = hasRoom(window, failing);
                    int enough = room || failing ? 1 : Math.max(1, Math.min(Math.min(ANSWER_BATCH, maxInFlight / 8),
                            pending));
                    wakeAfterAnswers = enough;
                    waiting.set(room ? AWAITING_ANY : AWAITING_ANSWERS);
                    if (queuedAnswers.get() < enough && !canSend(window, spillInWindow, failing)) {
                        LockSupport.parkNanos(this, wait);
                    }
                    waiting.set(BUSY);
                }
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.error("Bridge {}: the delivery loop failed; it goes on", bridge, e);
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        List<PendingRecord> left = new ArrayList<>();
        for (Slot slot : window) {
            if (!slot.fromSpill) {
                left.add(slot.record); // spilled ones are still in the spill
            }
        }
        unfinished = left;
    }

    /** Whether the worker has records to send and room for them (worker thread). */
    private boolean canSend(ArrayDeque<Slot> window, long spillInWindow, boolean failing) {
        return hasRoom(window, failing) && (!memory.isEmpty() || spill != null && spill.size() > spillInWindow);
    }

    /** Whether the worker would send a record now if it had one (worker thread). */
    private boolean hasRoom(ArrayDeque<Slot> window, boolean failing) {
        return running && !failing && window.size() < maxInFlight;
    }

    /** After an offer: unparks the worker if it is parked, or about to park, waiting for records (any thread). */
    private void wakeForRecord() {
        if (waiting.get() == AWAITING_ANY && waiting.compareAndSet(AWAITING_ANY, BUSY)) {
            LockSupport.unpark(worker);
        }
    }

    /** After an answer is queued: unparks the worker if it is parked, or about to park, and waits for it. */
    private void wakeForAnswer() {
        int queued = queuedAnswers.incrementAndGet();
        int w = waiting.get();
        if (w != BUSY && queued >= wakeAfterAnswers && waiting.compareAndSet(w, BUSY)) {
            LockSupport.unpark(worker);
        }
    }

    /** Takes records (memory first, then the spill) into the free slots and sends them; returns how many came from the spill. */
    private long fill(ArrayDeque<Slot> window, long spillInWindow) {
        int free = maxInFlight - window.size();
        if (free <= 0) {
            return 0;
        }
        List<PendingRecord> batch = new ArrayList<>(Math.min(free, 64));
        memory.drainTo(batch, free);
        boolean fromSpill = false;
        if (batch.isEmpty() && spill != null) {
            synchronized (offerLock) {
                // memory is empty and nothing enters it while the spill holds records
                if (memory.isEmpty() && spill.size() > spillInWindow) {
                    batch = spill.peek(spillInWindow, free);
                    fromSpill = true;
                }
            }
        }
        for (PendingRecord record : batch) {
            Slot slot = new Slot(record, fromSpill);
            window.addLast(slot);
            send(slot);
        }
        return fromSpill ? batch.size() : 0;
    }

    private void send(Slot slot) {
        int attempt;
        synchronized (slot) {
            slot.state = Slot.PENDING;
            slot.error = null;
            slot.deadline = System.nanoTime() + settings.produceTimeout().toNanos();
            attempt = ++slot.attempt;
        }
        pending++;
        CompletableFuture<Void> f;
        try {
            f = client.produce(slot.record.record());
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((ok, error) -> {
            synchronized (slot) {
                if (slot.attempt != attempt) {
                    return; // timed out already, or sent again
                }
                if (error != null) {
                    slot.error = error;
                    lastError = (error.getCause() != null && error instanceof java.util.concurrent.CompletionException
                            ? error.getCause() : error).toString();
                    slot.state = Slot.FAILED;
                } else {
                    slot.state = Slot.ACKED;
                }
            }
            answers.add(slot);
            wakeForAnswer();
        });
    }

    /**
     * Go back on every topic that failed: walking the window in order, a failed record is sent again, and
     * so is every later record of its broker topic, even one already acknowledged (it arrives twice, the
     * second time in order); an acknowledged record of a topic without a failure before it is not sent.
     */
    private void resendFromFailures(ArrayDeque<Slot> window) {
        Set<String> failedTopics = new HashSet<>();
        for (Slot slot : window) {
            String topic = slot.record.record().topic();
            if (slot.state == Slot.FAILED) {
                failedTopics.add(topic);
            } else if (!failedTopics.contains(topic)) {
                continue;
            }
            retried.incrementAndGet();
            metrics.retried(bridge);
            send(slot);
        }
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
        s.put("max_in_flight", maxInFlight);
        s.put("last_error", lastError);
        return s;
    }

    /** The most records kept sent and unacknowledged: min(broker_bridge.max_in_flight, the client's cap). */
    public int window() {
        return maxInFlight;
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
