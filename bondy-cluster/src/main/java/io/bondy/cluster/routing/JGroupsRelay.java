package io.bondy.cluster.routing;

import io.bondy.cluster.membership.ClusterMembership;
import io.bondy.cluster.membership.MembershipListener;
import io.bondy.cluster.membership.PeerService;
import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.spi.ClusterRelay;

/**
 * Connects a router's {@link ClusterRouting} to the cluster: its messages travel on the node's
 * JGroups channel as {@link PeerService#ROUTING} messages (JGroups keeps each sender's order and
 * delivers one sender's messages one at a time), and view changes become member joins and departures.
 *
 * <p>Threading: thread-safe; inbound messages and view changes run on JGroups threads.
 */
public final class JGroupsRelay implements ClusterRelay {

    private final ClusterMembership membership;

    private JGroupsRelay(ClusterMembership membership) {
        this.membership = membership;
    }

    /** Wires {@code routing} to {@code membership} and starts it (it announces its routes and asks for the others'). */
    public static JGroupsRelay connect(ClusterMembership membership, ClusterRouting routing,
                                       java.time.Duration metaQueryTimeout) {
        JGroupsRelay relay = new JGroupsRelay(membership);
        membership.addHandler(PeerService.ROUTING, routing::receive);
        membership.addListener(new MembershipListener() {
            @Override
            public void memberJoined(String member) {
                routing.memberJoined(member);
            }

            @Override
            public void memberLeft(String member) {
                routing.memberLeft(member);
            }
        });
        routing.connect(relay, metaQueryTimeout);
        return relay;
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
    public boolean send(String node, byte[] message) {
        return membership.sendTo(node, PeerService.ROUTING, message);
    }

    @Override
    public void sendToAll(byte[] message) {
        membership.sendToAll(PeerService.ROUTING, message);
    }
}
