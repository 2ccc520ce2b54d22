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

    /**
     * This node installed a new view, after {@link #memberJoined} and {@link #memberLeft} were called for
     * its changes. Also for a view whose members did not change from this node's side (a merge that
     * brings back a node which never removed the others from its view: it sees {@code merge} and no join).
     */
    default void viewChanged(ViewChange change) {
    }
}
