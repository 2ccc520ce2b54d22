package io.bondy.cluster.membership;

/**
 * Told when members come and go. Runs on the JGroups view-delivery thread, one view at a time and
 * in view order: keep it quick and never block on the cluster.
 */
public interface MembershipListener {

    /** {@code member} entered this node's view (a new node, a restart, or the other side of a healed partition). */
    void memberJoined(String member);

    /** {@code member} left this node's view (it left, crashed, or is on the other side of a partition). */
    void memberLeft(String member);
}
