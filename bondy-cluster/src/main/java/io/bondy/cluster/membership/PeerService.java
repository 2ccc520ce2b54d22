package io.bondy.cluster.membership;

/**
 * The services that share a node's cluster channel. Each message starts with its service's byte, so
 * each service's handlers see only their own messages.
 */
public enum PeerService {
    /** Store replication and anti-entropy ({@code ReplicatedStore}). */
    STORE(1),
    /** Cross-node routing: route announcements, forwarded calls, relayed publications ({@code ClusterRelay}). */
    ROUTING(2);

    private final byte tag;

    PeerService(int tag) {
        this.tag = (byte) tag;
    }

    byte tag() {
        return tag;
    }

    /** The service of a tag; null for an unknown one. */
    static PeerService of(byte tag) {
        for (PeerService s : values()) {
            if (s.tag == tag) {
                return s;
            }
        }
        return null;
    }
}
