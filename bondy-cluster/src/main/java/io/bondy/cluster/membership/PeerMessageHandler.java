package io.bondy.cluster.membership;

/**
 * Receives the payload of a message another member sent to this node (directly or to all). Runs on a
 * JGroups delivery thread: messages from one sender arrive in the order sent; different senders may
 * be delivered concurrently.
 */
@FunctionalInterface
public interface PeerMessageHandler {

    void receive(String sender, byte[] payload);
}
