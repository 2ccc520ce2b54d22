package io.bondy.core.router.relay;

import io.bondy.core.spi.ClusterRelay;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The parts of {@link ClusterRouting} share this: the relay once connected (null while standalone),
 * the lock that orders announcements with the states sent to other nodes, and this node's version of
 * its routing state: its incarnation and the sequence number and hash of its last change.
 *
 * <p>Threading: thread-safe; the version is guarded by {@link #announceLock}.
 */
final class RelayLink {

    /**
     * Held while a change of this node's routes or sessions is made and sent, and while its state or
     * digest is made and sent, so each carries the sequence number of the changes it includes and
     * every node receives them in sequence order (messages to one node arrive in the order sent).
     */
    final Object announceLock = new Object();
    /** Drawn once per router: a restarted node's changes are not taken for the old one's. */
    final long incarnation = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private long seq;
    private long hash;
    private volatile ClusterRelay relay;

    /** Counts one change of this node's routing state whose hash is {@code hashDelta}; its sequence number. Holds the announce lock. */
    long change(long hashDelta) {
        hash += hashDelta;
        return ++seq;
    }

    /** The sequence number of the last change. Holds the announce lock. */
    long seq() {
        return seq;
    }

    /** {@link StateHash} of this node's routes and sessions. Holds the announce lock. */
    long hash() {
        return hash;
    }

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

    /** The other members of the current view (empty when standalone or in no view). */
    List<String> others() {
        ClusterRelay r = relay;
        if (r == null) {
            return List.of();
        }
        String self = r.localNode();
        return r.members().stream().filter(m -> !m.equals(self)).toList();
    }

    /**
     * Sends {@code message} to each other member, one by one: unlike {@link ClusterRelay#sendToAll}, it
     * keeps its order with what this node sends to that member alone (a state, a reply).
     */
    void sendToMembers(RelayMessage message) {
        ClusterRelay r = relay;
        if (r != null) {
            byte[] bytes = RelayMessage.encode(message);
            for (String node : others()) {
                r.send(node, bytes);
            }
        }
    }

    void sendToAll(RelayMessage message) {
        ClusterRelay r = relay;
        if (r != null) {
            r.sendToAll(RelayMessage.encode(message));
        }
    }
}
