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
 * </ul>
 *
 * <p>Merged entries fire the local store's listeners like local writes, so caches built on the store
 * (security) see replicated changes.
 *
 * <p>Threading: thread-safe. Local writes run on the caller's thread; broadcasts are sent in write order
 * by one "bondy-replication-out" thread; received entries are merged on the JGroups delivery thread;
 * digests are computed and answered on one "bondy-anti-entropy" thread.
 */
public final class ReplicatedStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedStore.class);

    private final Store local;
    private final ClusterMembership membership;
    private final Duration antiEntropyInterval;
    private final ExecutorService outbound = Executors.newSingleThreadExecutor(daemon("bondy-replication-out"));
    private final ScheduledExecutorService antiEntropy =
            Executors.newSingleThreadScheduledExecutor(daemon("bondy-anti-entropy"));
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong merged = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final java.util.concurrent.CountDownLatch firstSync = new java.util.concurrent.CountDownLatch(1);

    /**
     * Replicates {@code local} through {@code membership}. Call before {@link ClusterMembership#start()}
     * so the first view already triggers anti-entropy; then call {@link #start()}.
     */
    public ReplicatedStore(Store local, ClusterMembership membership, Duration antiEntropyInterval) {
        this.local = local;
        this.membership = membership;
        this.antiEntropyInterval = antiEntropyInterval;
        membership.addHandler(PeerService.STORE, this::onPeerMessage);
        membership.addListener(new MembershipListener() {
            @Override
            public void memberJoined(String member) {
                syncWith(member);
            }

            @Override
            public void memberLeft(String member) {
                // nothing to do: writes it missed are repaired when it comes back
            }
        });
    }

    /** Starts periodic anti-entropy. */
    public void start() {
        long period = antiEntropyInterval.toMillis();
        antiEntropy.scheduleWithFixedDelay(this::syncWithRandomMember, period, period, TimeUnit.MILLISECONDS);
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

    /** Counters for the admin API: entries sent, received and applied; anti-entropy rounds started. */
    public java.util.Map<String, Long> stats() {
        return java.util.Map.of("entries_sent", sent.get(), "entries_received", received.get(),
                "entries_merged", merged.get(), "anti_entropy_rounds", rounds.get());
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
        submit(outbound, () -> {
            if (membership.sendToAll(PeerService.STORE, payload)) {
                sent.addAndGet(entries.size());
            }
        });
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
            membership.sendTo(member, PeerService.STORE, ReplicationMessage.encode(new ReplicationMessage.Digest(BucketDigest.of(local))));
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
            e.entries().forEach(this::merge);
        } else if (message instanceof ReplicationMessage.Digest d) {
            submit(antiEntropy, () -> answerDigest(sender, d.buckets()));
        } else if (message instanceof ReplicationMessage.Request r) {
            // the peer sent its differing entries (already merged, same sender order) before this request
            firstSync.countDown();
            submit(antiEntropy, () -> sendBuckets(sender, r.buckets()));
        }
    }

    private void answerDigest(String peer, long[] theirs) {
        int[] differing = BucketDigest.differing(BucketDigest.of(local), theirs);
        LOG.debug("Anti-entropy with {}: {} bucket(s) differ", peer, differing.length);
        sendBuckets(peer, differing);
        // always answered, even when nothing differs: it tells the peer the round is complete
        membership.sendTo(peer, PeerService.STORE, ReplicationMessage.encode(new ReplicationMessage.Request(differing)));
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
