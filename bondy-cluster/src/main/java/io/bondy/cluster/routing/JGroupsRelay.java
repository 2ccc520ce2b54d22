package io.bondy.cluster.routing;

import io.bondy.cluster.membership.ClusterMembership;
import io.bondy.cluster.membership.MembershipListener;
import io.bondy.cluster.membership.PeerService;
import io.bondy.cluster.membership.ViewChange;
import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.spi.ClusterRelay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a router's {@link ClusterRouting} to the cluster: its messages travel on the node's
 * JGroups channel as {@link PeerService#ROUTING} messages (JGroups keeps each sender's order and
 * delivers one sender's messages one at a time), and view changes become member departures (at once,
 * on the view thread: calls in flight to a departed node fail without delay) and view changes (the
 * states and digests they send go out on this relay's own thread, "bondy-relay-sync", so a send
 * that blocks never holds up JGroups' view installation). The same thread runs the routing state's
 * repair every second and sends its digest to every member every {@code digestInterval}.
 *
 * <p>Sends never reach JGroups on the caller's thread (a client's event loop, JGroups' delivery
 * thread): they are queued for one {@link RelaySender} thread, in a queue of {@code cluster.relay_max_queue}
 * messages; {@link #send} is false when it is full, and the routing code ends the exchange the message
 * belonged to.
 *
 * <p>Threading: thread-safe; inbound messages and departures run on JGroups threads.
 */
public final class JGroupsRelay implements ClusterRelay, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JGroupsRelay.class);
    /** How often requests for a state that went unanswered are repeated. */
    static final Duration REPAIR_INTERVAL = Duration.ofSeconds(1);

    private final ClusterMembership membership;
    private final RelaySender sender;
    private final ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bondy-relay-sync");
        t.setDaemon(true);
        return t;
    });

    private JGroupsRelay(ClusterMembership membership, int sendQueue) {
        this.membership = membership;
        this.sender = new RelaySender(membership, sendQueue);
    }

    /** As {@link #connect(ClusterMembership, ClusterRouting, Duration, Duration)} with digests every 30 s. */
    public static JGroupsRelay connect(ClusterMembership membership, ClusterRouting routing,
                                       Duration metaQueryTimeout) {
        return connect(membership, routing, metaQueryTimeout, Duration.ofSeconds(30));
    }

    /**
     * Wires {@code routing} to {@code membership} and starts it (it sends its state to every member and
     * asks for theirs); {@code digestInterval} is how often it sends its digest to every member.
     */
    public static JGroupsRelay connect(ClusterMembership membership, ClusterRouting routing,
                                       Duration metaQueryTimeout, Duration digestInterval) {
        return connect(membership, routing, metaQueryTimeout, digestInterval,
                io.bondy.cluster.ClusterConfig.Limits.DEFAULTS.relayQueue());
    }

    /** As below, with the default forwarded-call timeout. */
    public static JGroupsRelay connect(ClusterMembership membership, ClusterRouting routing,
                                       Duration metaQueryTimeout, Duration digestInterval, int sendQueue) {
        return connect(membership, routing, metaQueryTimeout, digestInterval, sendQueue,
                ClusterRouting.DEFAULT_FORWARDED_CALL_TIMEOUT);
    }

    /**
     * As {@link #connect(ClusterMembership, ClusterRouting, Duration, Duration)}, with a send queue of
     * {@code sendQueue} messages; calls forwarded without a timeout wait at most {@code forwardedCallTimeout}.
     */
    public static JGroupsRelay connect(ClusterMembership membership, ClusterRouting routing,
                                       Duration metaQueryTimeout, Duration digestInterval, int sendQueue,
                                       Duration forwardedCallTimeout) {
        JGroupsRelay relay = new JGroupsRelay(membership, sendQueue);
        membership.addHandler(PeerService.ROUTING, routing::receive);
        membership.addListener(new MembershipListener() {
            @Override
            public void memberJoined(String member) {
                // the view change that follows sends it this node's state
            }

            @Override
            public void memberLeft(String member) {
                routing.memberLeft(member);
            }

            @Override
            public void viewChanged(ViewChange change) {
                relay.run(() -> routing.viewChanged(change.members(), change.joined(), change.merge()));
            }
        });
        routing.connect(relay, metaQueryTimeout, forwardedCallTimeout);
        long repair = REPAIR_INTERVAL.toMillis();
        relay.sync.scheduleWithFixedDelay(() -> relay.safely(routing::repair), repair, repair, TimeUnit.MILLISECONDS);
        long digests = digestInterval.toMillis();
        relay.sync.scheduleWithFixedDelay(() -> relay.safely(routing::sendDigests), digests, digests,
                TimeUnit.MILLISECONDS);
        return relay;
    }

    private void run(Runnable task) {
        try {
            sync.execute(() -> safely(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("The relay is closed; a view change is not handled");
        }
    }

    private void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Routing state synchronization failed", e);
        }
    }

    @Override
    public String localNode() {
        return membership.nodename();
    }

    @Override
    public boolean isMember(String node) {
        return membership.isMember(node);
    }

    @Override
    public List<String> members() {
        return membership.members();
    }

    /** Queues {@code message} for {@code node}; false if the node is unknown or the send queue is full. */
    @Override
    public boolean send(String node, byte[] message) {
        return membership.canSendTo(node) && sender.offer(node, message);
    }

    @Override
    public void sendToAll(byte[] message) {
        sender.offer(null, message);
    }

    /** The sender's counters (sent, refused because its queue was full, failed, queued). */
    public java.util.Map<String, Long> stats() {
        return sender.stats();
    }

    /** Messages refused because the send queue was full. */
    public long refused() {
        return sender.refused();
    }

    /** Stops the repair and the view-change thread, then the sender (after what is queued, up to a second). */
    @Override
    public void close() {
        sync.shutdownNow();
        sender.close();
    }
}
