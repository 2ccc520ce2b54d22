package io.bondy.core.spi;

/**
 * Carries the router's cluster messages to other nodes: what the cluster module implements so that
 * core can relay calls, publications and routing-table changes without knowing JGroups.
 *
 * <p>Messages to one node arrive in the order they were sent (from any thread of this node), and
 * the receiving node hands them to {@link io.bondy.core.router.relay.ClusterRouting#receive} one at a time.
 *
 * <p>Threading: every method may be called from any thread and never blocks for long.
 */
public interface ClusterRelay {

    /** This node's name, as other members know it. */
    String localNode();

    /**
     * Whether {@code node} is in this node's current view. The view changes before the departure of a
     * member is reported to {@link io.bondy.core.router.relay.ClusterRouting#memberLeft}.
     */
    boolean isMember(String node);

    /** The members of this node's current view, this node included (empty when it is in no view). */
    java.util.List<String> members();

    /**
     * Sends {@code message} to {@code node}: a member, or a node this one has just received a message
     * from (so it can answer a node that is not in its view yet); false if it cannot, the send failed,
     * or the relay refused it (its bounded send queue is full): the caller then ends the exchange the
     * message belonged to. May return before the message has left (an implementation may queue it for
     * a thread of its own); it never waits for the network.
     */
    boolean send(String node, byte[] message);

    /** Sends {@code message} to every other member. */
    void sendToAll(byte[] message);
}
