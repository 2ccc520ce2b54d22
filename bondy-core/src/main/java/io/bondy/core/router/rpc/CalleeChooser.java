package io.bondy.core.router.rpc;

import io.bondy.core.message.CallOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the callee of a call among a registration's callees, this node's and other nodes' stubs:
 * Bondy's preference for local callees, the registration's invocation policy, and the hashing policies
 * that send one key to the same callee from every node.
 *
 * <p>Threading: stateless apart from the registrations it reads; any thread.
 */
final class CalleeChooser {

    private final CallForwarding cluster;

    CalleeChooser(CallForwarding cluster) {
        this.cluster = cluster;
    }

    /**
     * Chooses the callee: a local one when the registration has any and the policy does not hash
     * (Bondy's preference for local callees), else another node's stub by the policy. Hashing
     * policies ({@code runmode: partition}, {@code jump_consistent_hash}) first choose a node by the
     * key among the sorted names of the nodes with callees, then a callee of that node, so every node
     * sends one key to the same callee. A call forwarded here ({@code forwarded}) only goes to local callees.
     */
    Registration.Callee pick(Registration reg, CallOptions options, boolean forwarded) {
        String rkey = options.rkey();
        Object runmode = options.runmode();
        boolean partition = "partition".equals(runmode);
        if (partition && rkey == null) {
            throw new IllegalArgumentException("runmode 'partition' needs the option 'rkey'");
        }
        if (runmode != null && !partition) {
            throw new IllegalArgumentException("unknown runmode '" + runmode + "' (this router knows 'partition')");
        }
        List<Registration.Callee> all = reg.callees();
        if (!hasNodeStub(all)) { // a standalone node, or no other node has callees for it
            return partition ? byKey(all, rkey) : reg.invoke().pick(reg, all, rkey);
        }
        List<Registration.Callee> local = new ArrayList<>(all.size());
        List<Registration.Callee> nodes = new ArrayList<>(2);
        for (Registration.Callee c : all) {
            (c.session().isNodeStub() ? nodes : local).add(c);
        }
        boolean hashing = partition || reg.invoke() == InvokePolicy.JUMP_CONSISTENT_HASH;
        if (!nodes.isEmpty() && !forwarded && hashing && rkey != null) {
            return pickNodeByKey(local, nodes, rkey, partition ? null : reg);
        }
        List<Registration.Callee> candidates = forwarded || !local.isEmpty() ? local : nodes;
        if (partition) {
            return byKey(candidates, rkey);
        }
        return reg.invoke().pick(reg, candidates, rkey);
    }

    private Registration.Callee pickNodeByKey(List<Registration.Callee> local, List<Registration.Callee> nodes,
                                              String rkey, Registration reg) {
        List<String> names = new ArrayList<>(nodes.size() + 1);
        String self = cluster.localNodeName();
        if (!local.isEmpty()) {
            names.add(self);
        }
        nodes.forEach(c -> names.add(c.session().node()));
        java.util.Collections.sort(names);
        String chosen = names.get(JumpConsistentHash.bucket(rkey, names.size()));
        if (chosen.equals(self) && !local.isEmpty()) {
            return reg == null ? byKey(local, rkey) : reg.invoke().pick(reg, local, rkey);
        }
        for (Registration.Callee c : nodes) {
            if (chosen.equals(c.session().node())) {
                return c;
            }
        }
        return null;
    }

    private static boolean hasNodeStub(List<Registration.Callee> callees) {
        for (Registration.Callee c : callees) {
            if (c.session().isNodeStub()) {
                return true;
            }
        }
        return false;
    }

    private static Registration.Callee byKey(List<Registration.Callee> callees, String rkey) {
        return callees.isEmpty() ? null : callees.get(JumpConsistentHash.bucket(rkey, callees.size()));
    }
}
