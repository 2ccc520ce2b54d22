package io.bondy.cluster.store;

import io.bondy.cluster.membership.ClusterMembership;
import io.bondy.cluster.membership.MembershipListener;
import io.bondy.cluster.membership.PeerService;
import io.bondy.core.store.Entry;
import io.bondy.core.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Store} replicated to every cluster member, over the node's local store: callers see only
 * the {@code Store} interface.
 *
 * <ul>
 *   <li>Every local write (put, delete, batch) is applied locally, then multicast to all members
 *       asynchronously; members apply it with {@link Store#merge} (last writer wins by {@link
 *       io.bondy.core.store.Version}: hybrid-logical-clock time, ties broken by node name). Deletes
 *       travel as tombstones.</li>
 *   <li>Anti-entropy repairs what the multicast missed (a node down, a partition, a message in
 *       flight during a view change): when a member joins the view and every
 *       {@code antiEntropyInterval} with one random member, this node sends its {@link BucketDigest};
 *       the peer answers with its entries of the differing buckets and asks for ours, so both sides
 *       converge in one round.</li>
 *   <li>Tombstones are purged once it is safe: when a round this node started with a member ends (its
 *       answer arrives), this node has every entry that member had when the round started. Its
 *       <em>horizon</em> is the oldest such start over its current members (every member had nothing
 *       this node lacks before then); digests carry it, and the <em>cluster horizon</em> is the oldest of
 *       its own and the members' last reported. A tombstone older than the cluster horizon minus the
 *       grace period is on every member, so no member holds an older live value it would bring back:
 *       it is purged ({@link Store#purge}), and one arriving from a member that has not purged it yet is
 *       not taken back. The grace period also covers nodes outside the view (down, cut off): one away
 *       longer than it may hold a value deleted meanwhile and must rejoin with an empty data
 *       directory, and it must exceed the clock skew between nodes.</li>
 * </ul>
 *
 * <p>Merged entries fire the local store's listeners like local writes, so caches built on the store
 * (security) see replicated changes.
 *
 * <p>Threading: thread-safe. Local writes run on the caller's thread; broadcasts are sent in write order
 * by one "bondy-replication-out" thread, from a queue of at most {@code cluster.replication_max_queue}
 * writes (a write that finds it full is not multicast, is counted, and reaches the others by
 * anti-entropy); received entries are merged on the JGroups delivery thread;
 * digests are computed and answered on one "bondy-anti-entropy" thread.
 */
public final class ReplicatedStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedStore.class);

    private final Store local;
    private final ClusterMembership membership;
    private final Duration antiEntropyInterval;
    /** One thread, a bounded queue ({@code cluster.replication_max_queue}): a write past it is not multicast. */
    private final java.util.concurrent.ThreadPoolExecutor outbound;
    private final int outboundLimit;
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong lastOverflowWarn = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
    private final ScheduledExecutorService antiEntropy =
            Executors.newSingleThreadScheduledExecutor(daemon("bondy-anti-entropy"));
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong merged = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong purged = new AtomicLong();
    private final Duration tombstoneGrace;
    private final java.util.function.LongSupplier wallMillis = System::currentTimeMillis;
    /** Per member: when the last round this node started with it began, of those whose answer arrived. */
    private final java.util.Map<String, Long> syncedFrom = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per member: the horizon it last reported in a digest. */
    private final java.util.Map<String, Long> peerHorizons = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch firstSync = new java.util.concurrent.CountDownLatch(1);

    /**
     * Replicates {@code local} through {@code membership}. Call before {@link ClusterMembership#start()}
     * so the first view already triggers anti-entropy; then call {@link #start()}.
     */
    public ReplicatedStore(Store local, ClusterMembership membership, Duration antiEntropyInterval) {
        this(local, membership, antiEntropyInterval, io.bondy.cluster.ClusterConfig.DEFAULT_TOMBSTONE_GRACE);
    }

    /** As {@link #ReplicatedStore(Store, ClusterMembership, Duration)}; tombstones are purged after {@code tombstoneGrace}. */
    public ReplicatedStore(Store local, ClusterMembership membership, Duration antiEntropyInterval,
                           Duration tombstoneGrace) {
        this(local, membership, antiEntropyInterval, tombstoneGrace,
                io.bondy.cluster.ClusterConfig.Limits.DEFAULTS.replicationQueue());
    }

    /**
     * As {@link #ReplicatedStore(Store, ClusterMembership, Duration, Duration)}; at most {@code outboundLimit}
     * writes wait to be multicast, a write past it is not multicast (counted) and anti-entropy repairs it.
     */
    public ReplicatedStore(Store local, ClusterMembership membership, Duration antiEntropyInterval,
                           Duration tombstoneGrace, int outboundLimit) {
        if (outboundLimit < 1) {
            throw new IllegalArgumentException("cluster.replication_max_queue must be at least 1");
        }
        this.outboundLimit = outboundLimit;
        this.outbound = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(outboundLimit), daemon("bondy-replication-out"));
        this.local = local;
        this.membership = membership;
        this.antiEntropyInterval = antiEntropyInterval;
        this.tombstoneGrace = tombstoneGrace;
        membership.addHandler(PeerService.STORE, this::onPeerMessage);
        membership.addListener(new MembershipListener() {
            @Override
            public void memberJoined(String member) {
                syncWith(member);
            }

            @Override
            public void memberLeft(String member) {
                // writes it missed are repaired when it comes back; what it had synced counts no more
                syncedFrom.remove(member);
                peerHorizons.remove(member);
            }
        });
    }

    /** Starts periodic anti-entropy. */
    public void start() {
        long period = antiEntropyInterval.toMillis();
        antiEntropy.scheduleWithFixedDelay(() -> {
            syncWithRandomMember();
            purgeTombstones();
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs one anti-entropy round with every current member now (e.g. after a restart). */
    public void syncWithAll() {
        membership.members().stream().filter(m -> !m.equals(membership.nodename())).forEach(this::syncWith);
    }

    /**
     * Waits until one anti-entropy round with another member completed (their differing entries are
     * merged here), at most {@code timeout}; returns at once when this node is alone. Call before
     * writing bootstrap data, so a joining node does not overwrite the cluster's newer state with defaults.
     *
     * @return whether a round completed (or there was nobody to sync with)
     */
    public boolean awaitInitialSync(Duration timeout) {
        if (membership.members().size() <= 1) {
            return true;
        }
        syncWithAll();
        try {
            return firstSync.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Optional<Entry> get(String key) {
        return local.get(key);
    }

    @Override
    public Entry put(String key, byte[] value) {
        return broadcast(local.put(key, value));
    }

    @Override
    public Entry delete(String key) {
        return broadcast(local.delete(key));
    }

    @Override
    public List<Entry> batch(List<Mutation> mutations) {
        List<Entry> entries = local.batch(mutations);
        broadcast(entries);
        return entries;
    }

    @Override
    public void scan(String prefix, Consumer<Entry> action) {
        local.scan(prefix, action);
    }

    @Override
    public void scanAll(String prefix, Consumer<Entry> action) {
        local.scanAll(prefix, action);
    }

    /** Merges a remote entry into the local store (not re-broadcast: its writer already did). */
    @Override
    public boolean merge(Entry remote) {
        boolean applied = local.merge(remote);
        if (applied) {
            merged.incrementAndGet();
        }
        return applied;
    }

    @Override
    public void addListener(Consumer<Entry> listener) {
        local.addListener(listener);
    }

    @Override
    public String node() {
        return local.node();
    }

    /**
     * Counters for the admin API: entries sent, received and applied; anti-entropy rounds started;
     * tombstones purged and the cluster horizon (epoch ms; 0 while a member has not synced).
     */
    public java.util.Map<String, Long> stats() {
        return java.util.Map.of("entries_sent", sent.get(), "entries_received", received.get(),
                "entries_merged", merged.get(), "anti_entropy_rounds", rounds.get(),
                "tombstones_purged", purged.get(), "tombstone_horizon", clusterHorizon(),
                "writes_not_multicast", overflowed.get(), "outbound_queued", (long) outbound.getQueue().size());
    }

    /**
     * Purges the tombstones older than {@link #purgeBefore()}: every member has them. Runs after each
     * periodic round; returns how many it purged.
     */
    public int purgeTombstones() {
        long before = purgeBefore();
        if (before <= 0) {
            return 0;
        }
        List<Entry> old = new java.util.ArrayList<>();
        local.scanAll("", e -> {
            if (e.isTombstone() && e.version().millis() < before) {
                old.add(e);
            }
        });
        int n = 0;
        for (Entry e : old) {
            if (local.purge(e)) {
                n++;
            }
        }
        if (n > 0) {
            purged.addAndGet(n);
            LOG.debug("Purged {} tombstone(s) older than {}", n, java.time.Instant.ofEpochMilli(before));
        }
        return n;
    }

    /** This node has every entry every current member had before this (epoch ms); now when alone. */
    long horizon() {
        long h = wallMillis.getAsLong();
        for (String m : membership.members()) {
            if (!m.equals(membership.nodename())) {
                h = Math.min(h, syncedFrom.getOrDefault(m, 0L));
            }
        }
        return h;
    }

    /** Every current member has every entry any of them had before this: the oldest of their horizons. */
    long clusterHorizon() {
        long h = horizon();
        for (String m : membership.members()) {
            if (!m.equals(membership.nodename())) {
                h = Math.min(h, peerHorizons.getOrDefault(m, 0L));
            }
        }
        return h;
    }

    /** Tombstones older than this (epoch ms) are on every member and past the grace period. */
    private long purgeBefore() {
        return clusterHorizon() - tombstoneGrace.toMillis();
    }

    /** Stops replicating and closes the local store. Close the membership first: nothing arrives then. */
    @Override
    public void close() {
        outbound.shutdown();
        antiEntropy.shutdownNow();
        try {
            if (!outbound.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("Replication of the last writes did not finish in time; anti-entropy will repair them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        local.close();
    }

    @Override
    public String toString() {
        return "ReplicatedStore[" + local + "]";
    }

    private Entry broadcast(Entry entry) {
        broadcast(List.of(entry));
        return entry;
    }

    private void broadcast(List<Entry> entries) {
        byte[] payload = ReplicationMessage.encode(new ReplicationMessage.Entries(entries));
        try {
            outbound.execute(() -> {
                try {
                    if (membership.sendToAll(PeerService.STORE, payload)) {
                        sent.addAndGet(entries.size());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Replication task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            if (outbound.isShutdown()) {
                LOG.debug("Replication stopped; a write is not multicast (anti-entropy repairs it on the next start)");
                return;
            }
            // the queue is full (members slow or unreachable): the write stays local for now, and
            // anti-entropy brings it to the others within cluster.anti_entropy_interval
            long n = overflowed.addAndGet(entries.size());
            long now = System.nanoTime();
            long last = lastOverflowWarn.get();
            if (now - last >= TimeUnit.MINUTES.toNanos(1) && lastOverflowWarn.compareAndSet(last, now)) {
                LOG.warn("Replication queue full ({} writes waiting, cluster.replication_max_queue): {} write(s) not"
                        + " multicast so far; anti-entropy brings them to the other members", outboundLimit, n);
            }
        }
    }

    /** Writes not multicast because the outbound queue was full (anti-entropy repairs them). */
    public long writesNotMulticast() {
        return overflowed.get();
    }

    private void syncWithRandomMember() {
        List<String> others = membership.members().stream().filter(m -> !m.equals(membership.nodename())).toList();
        if (!others.isEmpty()) {
            syncWith(others.get(ThreadLocalRandom.current().nextInt(others.size())));
        }
    }

    private void syncWith(String member) {
        submit(antiEntropy, () -> {
            rounds.incrementAndGet();
            long started = wallMillis.getAsLong();
            membership.sendTo(member, PeerService.STORE, ReplicationMessage.encode(new ReplicationMessage.Digest(
                    BucketDigest.of(local), started, horizon())));
        });
    }

    private void onPeerMessage(String sender, byte[] payload) {
        ReplicationMessage message;
        try {
            message = ReplicationMessage.decode(payload);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an undecodable replication message from {}: {}", sender, e.getMessage());
            return;
        }
        if (message instanceof ReplicationMessage.Entries e) {
            received.addAndGet(e.entries().size());
            long before = purgeBefore();
            for (Entry entry : e.entries()) {
                // a tombstone this node purged (or never needed: it has no value to delete) is not taken back
                if (!(entry.isTombstone() && entry.version().millis() < before && local.get(entry.key()).isEmpty())) {
                    merge(entry);
                }
            }
        } else if (message instanceof ReplicationMessage.Digest d) {
            if (d.horizon() > 0) {
                peerHorizons.put(sender, d.horizon());
            }
            submit(antiEntropy, () -> answerDigest(sender, d.buckets(), d.started()));
        } else if (message instanceof ReplicationMessage.Request r) {
            // the peer sent its differing entries (already merged, same sender order) before this request:
            // this node now has everything the peer had when the round started
            if (r.started() > 0 && membership.isMember(sender)) {
                syncedFrom.merge(sender, r.started(), Math::max);
            }
            firstSync.countDown();
            submit(antiEntropy, () -> sendBuckets(sender, r.buckets()));
        }
    }

    private void answerDigest(String peer, long[] theirs, long started) {
        int[] differing = BucketDigest.differing(BucketDigest.of(local), theirs);
        LOG.debug("Anti-entropy with {}: {} bucket(s) differ", peer, differing.length);
        sendBuckets(peer, differing);
        // always answered, even when nothing differs: it tells the peer the round is complete
        membership.sendTo(peer, PeerService.STORE, ReplicationMessage.encode(new ReplicationMessage.Request(differing,
                started)));
    }

    private void sendBuckets(String peer, int[] buckets) {
        List<Entry> entries = BucketDigest.entries(local, buckets);
        if (!entries.isEmpty() && membership.sendTo(peer, PeerService.STORE, ReplicationMessage.encode(new ReplicationMessage.Entries(entries)))) {
            sent.addAndGet(entries.size());
        }
    }

    private static void submit(ExecutorService executor, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Replication task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Replication stopped; dropped a task (anti-entropy repairs it on the next start)");
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
