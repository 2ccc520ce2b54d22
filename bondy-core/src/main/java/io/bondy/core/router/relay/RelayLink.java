package io.bondy.core.router.relay;

import io.bondy.core.spi.ClusterRelay;

/**
 * The parts of {@link ClusterRouting} share this: the relay once connected (null while standalone)
 * and the lock that orders announcements with the snapshots sent to a joining member.
 *
 * <p>Threading: thread-safe.
 */
final class RelayLink {

    /**
     * Held while an announcement (a route, a session) or a snapshot is made and sent, so a member
     * receives a snapshot and the changes around it in the order they happened.
     */
    final Object announceLock = new Object();
    private volatile ClusterRelay relay;

    void connect(ClusterRelay relay) {
        this.relay = relay;
    }

    boolean connected() {
        return relay != null;
    }

    /** This node's name in the cluster ("-" when standalone). */
    String localNode() {
        ClusterRelay r = relay;
        return r == null ? "-" : r.localNode();
    }

    /** Whether {@code node} is in the current view (false when standalone). */
    boolean isMember(String node) {
        ClusterRelay r = relay;
        return r != null && r.isMember(node);
    }

    boolean send(String node, RelayMessage message) {
        ClusterRelay r = relay;
        return r != null && r.send(node, RelayMessage.encode(message));
    }

    boolean send(String node, byte[] encoded) {
        ClusterRelay r = relay;
        return r != null && r.send(node, encoded);
    }

    void sendToAll(RelayMessage message) {
        ClusterRelay r = relay;
        if (r != null) {
            r.sendToAll(RelayMessage.encode(message));
        }
    }
}
