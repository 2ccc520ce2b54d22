package io.bondy.core.router.rpc;

import io.bondy.core.message.Call;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.session.WampSession;

/**
 * What the dealer asks of other nodes: run a CALL whose chosen callee is another node's stub, and
 * pass on what follows it (CANCEL, progressive CALL chunks). The relay implements it; a standalone
 * node uses {@link #STANDALONE}.
 *
 * <p>Threading: called on the caller's thread; must not block.
 */
public interface CallForwarding {

    /** No other nodes: nothing is ever forwarded. */
    CallForwarding STANDALONE = new CallForwarding() {
        @Override
        public boolean forwardCall(String realm, WampSession caller, Call call, String node) {
            return false;
        }

        @Override
        public void forwardFollowUp(String realm, WampSession caller, WampMessage message, String node) {
        }

        @Override
        public String localNodeName() {
            return "-";
        }
    };

    /** Forwards {@code caller}'s CALL to {@code node}; false if the node is unreachable. */
    boolean forwardCall(String realm, WampSession caller, Call call, String node);

    /** Forwards a CANCEL or a progressive CALL continuation to the node where the call runs. */
    void forwardFollowUp(String realm, WampSession caller, WampMessage message, String node);

    /** This node's name in the cluster ("-" when standalone). */
    String localNodeName();
}
