package io.bondy.cluster.admin;

import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.membership.ClusterMembership;
import io.bondy.cluster.membership.MembershipListener;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cluster's admin procedures and events, registered on the master realm's internal session:
 *
 * <ul>
 *   <li>{@code bondy.cluster.members} → the member names of this node's view (the first is the JGroups coordinator)</li>
 *   <li>{@code bondy.cluster.info} → {cluster, node, joined, view_id, members, peer_address, replication,
 *       routing}</li>
 *   <li>{@code bondy.cluster.connections} → one {node, connected} per other member</li>
 *   <li>{@code bondy.cluster.join} [{@code "host:port"}] → adds a seed and (re)joins through it</li>
 *   <li>{@code bondy.cluster.leave} → this node leaves the cluster (keeps serving its local clients)</li>
 *   <li>events {@code bondy.cluster.member_joined} / {@code bondy.cluster.member_left} [node]</li>
 * </ul>
 *
 * <p>Threading: procedures run on the caller's thread; events are published from the JGroups view thread.
 */
public final class ClusterAdminApi {

    public static final String MEMBER_JOINED = "bondy.cluster.member_joined";
    public static final String MEMBER_LEFT = "bondy.cluster.member_left";

    private final ClusterMembership membership;
    private final Supplier<Map<String, Long>> replicationStats;

    private volatile Supplier<Map<String, Object>> routingStats = Map::of;

    public ClusterAdminApi(ClusterMembership membership, Supplier<Map<String, Long>> replicationStats) {
        this.membership = membership;
        this.replicationStats = replicationStats;
    }

    /** Registers the procedures on {@code session} and publishes membership events through it. */
    public void registerOn(InternalSession session) {
        session.register("bondy.cluster.members", Map.of(), inv -> Payload.of(List.of(membership.members())));
        session.register("bondy.cluster.info", Map.of(), inv -> Payload.of(List.of(info())));
        session.register("bondy.cluster.connections", Map.of(), inv -> Payload.of(List.of(connections())));
        session.register("bondy.cluster.join", Map.of(), inv -> {
            membership.join(seed(inv.payload()));
            return Payload.of(List.of());
        });
        session.register("bondy.cluster.leave", Map.of(), inv -> {
            membership.leave();
            return Payload.of(List.of());
        });
        membership.addListener(new MembershipListener() {
            @Override
            public void memberJoined(String member) {
                session.publish(MEMBER_JOINED, Payload.of(List.of(member)), Map.of());
            }

            @Override
            public void memberLeft(String member) {
                session.publish(MEMBER_LEFT, Payload.of(List.of(member)), Map.of());
            }
        });
    }

    /** What {@code info} reports under {@code routing} (cross-node routing counters). */
    public void setRoutingStats(Supplier<Map<String, Object>> stats) {
        this.routingStats = stats;
    }

    Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("cluster", membership.clusterName());
        info.put("node", membership.nodename());
        info.put("joined", membership.joined());
        info.put("view_id", membership.viewId().orElse(null));
        info.put("members", membership.members());
        info.put("peer_address", membership.peerAddress().orElse(null));
        info.put("replication", replicationStats.get());
        info.put("routing", routingStats.get());
        return info;
    }

    private List<Map<String, Object>> connections() {
        return membership.members().stream()
                .filter(m -> !m.equals(membership.nodename()))
                .map(m -> Map.<String, Object>of("node", m, "connected", true))
                .toList();
    }

    private static InetSocketAddress seed(Payload payload) {
        List<Object> args = payload instanceof Payload.Arguments a ? a.argsOrEmpty() : List.of();
        if (args.isEmpty() || !(args.get(0) instanceof String address)) {
            throw new ApplicationError("wamp.error.invalid_argument", "expected the peer address \"host:port\"");
        }
        try {
            List<InetSocketAddress> seeds = ClusterConfig.parseSeeds(address);
            if (seeds.size() != 1) {
                throw new IllegalArgumentException("one address expected");
            }
            return seeds.get(0);
        } catch (IllegalArgumentException e) {
            throw new ApplicationError("wamp.error.invalid_argument", "bad peer address " + address + ": " + e.getMessage());
        }
    }
}
