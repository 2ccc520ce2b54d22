package io.bondy.cluster;

import io.bondy.cluster.admin.ClusterAdminApi;
import io.bondy.cluster.membership.ClusterMembership;
import io.bondy.cluster.store.ReplicatedStore;
import io.bondy.cluster.routing.JGroupsRelay;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.Router;
import io.bondy.core.store.Store;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part of the cluster, for the server to wire: the membership, the replicated store over
 * the node's local store, and the admin procedures.
 *
 * <p>Threading: {@link #start}, {@link #attach} and {@link #close} are called by the server's
 * start/stop thread; {@link #joined()} from any thread.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** How long a joining node waits for its first anti-entropy round before bootstrapping anyway. */
    private static final Duration INITIAL_SYNC = Duration.ofSeconds(10);

    private final ClusterMembership membership;
    private final ReplicatedStore store;

    private final ClusterConfig config;
    private volatile JGroupsRelay relay;

    private ClusterNode(ClusterConfig config, ClusterMembership membership, ReplicatedStore store) {
        this.config = config;
        this.membership = membership;
        this.store = store;
    }

    /**
     * Joins the cluster and replicates {@code local}, which the node owns from now on (closing this
     * closes it). Returns once joined and, if there are other members, the first anti-entropy round is
     * done (or {@link #INITIAL_SYNC} passed), so bootstrap code reads the cluster's data.
     */
    public static ClusterNode start(ClusterConfig config, Store local) {
        ClusterMembership membership = new ClusterMembership(config);
        ReplicatedStore store = new ReplicatedStore(local, membership, config.antiEntropyInterval(),
                config.tombstoneGrace(), config.limits().replicationQueue());
        try {
            membership.start();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        store.start();
        if (!store.awaitInitialSync(INITIAL_SYNC)) {
            LOG.warn("No anti-entropy round with {} completed within {}; continuing, the store converges later",
                    membership.members(), INITIAL_SYNC);
        }
        return new ClusterNode(config, membership, store);
    }

    /** The replicated store: what every other component uses as the node's {@link Store}. */
    public Store store() {
        return store;
    }

    public ClusterMembership membership() {
        return membership;
    }

    /** Whether the node is in the cluster (readiness). */
    public boolean joined() {
        return membership.joined();
    }

    /**
     * Registers {@code bondy.cluster.*} on the master realm's internal session and connects the
     * router to the cluster: calls and publications are routed across nodes from now on.
     */
    public void attach(Router router, InternalSession masterRealmSession) {
        ClusterAdminApi api = new ClusterAdminApi(membership, store::stats);
        api.setRoutingStats(() -> {
            Map<String, Object> stats = new LinkedHashMap<>(router.cluster().stats());
            stats.putAll(relayStats());
            return stats;
        });
        api.registerOn(masterRealmSession);
        relay = JGroupsRelay.connect(membership, router.cluster(), config.metaQueryTimeout(),
                config.antiEntropyInterval(), config.limits().relayQueue(), config.limits().forwardedCallTimeout());
    }

    /** Routing messages refused because the relay's send queue was full (0 before {@link #attach}). */
    public long relayRefused() {
        JGroupsRelay r = relay;
        return r == null ? 0 : r.refused();
    }

    /** The relay sender's counters (empty before {@link #attach}). */
    public java.util.Map<String, Long> relayStats() {
        JGroupsRelay r = relay;
        return r == null ? java.util.Map.of() : r.stats();
    }

    /** Store writes not multicast because the replication queue was full. */
    public long replicationOverflow() {
        return store.writesNotMulticast();
    }

    /** Leaves the cluster, then closes the store. */
    @Override
    public void close() {
        JGroupsRelay r = relay;
        if (r != null) {
            r.close();
        }
        membership.close();
        store.close();
    }
}
