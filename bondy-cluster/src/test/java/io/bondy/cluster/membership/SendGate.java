package io.bondy.cluster.membership;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;

/**
 * A JGroups protocol at the top of a member's stack that holds every message the node sends until it
 * is opened, as a send blocks on a full TCP buffer or a connection being set up; it records the threads
 * that sent. For tests of who sends and what waits.
 */
public final class SendGate extends Protocol {

    private final CountDownLatch open = new CountDownLatch(1);
    private final List<String> senders = new CopyOnWriteArrayList<>();

    /** Inserts a closed gate at the top of {@code member}'s stack. */
    public static SendGate close(ClusterMembership member) {
        SendGate gate = new SendGate();
        ProtocolStack stack = member.channel().getProtocolStack();
        gate.setAddress(member.channel().getAddress());
        stack.insertProtocolAtTop(gate);
        return gate;
    }

    /** Lets every held and later message through. */
    public void open() {
        open.countDown();
    }

    /** The names of the threads that sent through the gate, one per message, in order. */
    public List<String> senders() {
        return List.copyOf(senders);
    }

    @Override
    public Object down(Message msg) {
        senders.add(Thread.currentThread().getName());
        try {
            open.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return down_prot.down(msg);
    }
}
