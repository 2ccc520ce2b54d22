package io.bondy.cluster.store;

import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.membership.ClusterMembership;
import java.nio.file.Path;

/** One test node: a RocksDB store in its own directory, replicated through its own JGroups channel. */
final class ReplicaNode implements AutoCloseable {

    final ClusterConfig config;
    final Path dir;
    ClusterMembership membership;
    ReplicatedStore store;

    ReplicaNode(ClusterConfig config, Path dir) {
        this.config = config;
        this.dir = dir;
    }

    /** Opens the store and joins (again, after {@link #stop()}). */
    ReplicaNode start() {
        membership = new ClusterMembership(config);
        store = new ReplicatedStore(RocksDbStore.open(new StoreConfig(dir, false), config.nodename()), membership,
                config.antiEntropyInterval(), config.tombstoneGrace(), config.limits().replicationQueue());
        membership.start();
        store.start();
        return this;
    }

    /** Stops the node as a crash would leave it for the others: channel gone, store closed. */
    void stop() {
        membership.close();
        store.close();
    }

    String value(String key) {
        return store.get(key).map(e -> new String(e.value(), java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public void close() {
        stop();
    }
}
