package io.bondy.cluster.membership;

import java.util.List;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.ProtocolStack;

/**
 * Simulates network partitions between running members with JGroups' DISCARD protocol, inserted at
 * runtime just above the transport: both sides keep running, failure detection splits the view, and
 * MERGE3 heals it once the traffic flows again.
 */
public final class Partitions {

    private Partitions() {
    }

    /** Drops all traffic between every member of {@code side} and every member of {@code other}. */
    public static void cut(List<ClusterMembership> side, List<ClusterMembership> other) {
        for (ClusterMembership m : side) {
            discard(m).addIgnoredMembers(addresses(other));
        }
        for (ClusterMembership m : other) {
            discard(m).addIgnoredMembers(addresses(side));
        }
    }

    /** Lets all traffic through again. */
    public static void heal(List<ClusterMembership> members) {
        members.forEach(m -> discard(m).resetIgnoredMembers());
    }

    private static Address[] addresses(List<ClusterMembership> members) {
        return members.stream().map(m -> m.channel().getAddress()).toArray(Address[]::new);
    }

    private static DISCARD discard(ClusterMembership m) {
        JChannel ch = m.channel();
        ProtocolStack stack = ch.getProtocolStack();
        DISCARD d = stack.findProtocol(DISCARD.class);
        if (d == null) {
            d = new DISCARD();
            d.setAddress(ch.getAddress());
            try {
                stack.insertProtocol(d, ProtocolStack.Position.ABOVE, TCP.class);
                d.init();
                d.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot insert DISCARD", e);
            }
        }
        return d;
    }
}
