package io.bondy.core.router.relay;

import io.bondy.core.router.session.WampSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions part of {@link ClusterRouting}: this node announces its client sessions (their
 * Session Meta API details) and keeps the other nodes', so {@code wamp.session.count}, {@code list}
 * and {@code get} answer for the whole cluster and a kill reaches the session's node.
 *
 * <p>Threading: this node's sessions change and are announced under {@link RelayLink#announceLock};
 * another node's change under that node's {@link RoutingSync.Peer} lock.
 */
final class RemoteSessions {

    private final LocalNode local;
    private final RelayLink link;
    /** This node's client sessions as announced, by id. Guarded by the announce lock. */
    private final Map<Long, RelayMessage.SessionEntry> mine = new LinkedHashMap<>();
    /** Other nodes' client sessions, by node, then session id. */
    private final Map<String, Map<Long, RelayMessage.SessionEntry>> byNode = new ConcurrentHashMap<>();

    RemoteSessions(LocalNode local, RelayLink link) {
        this.local = local;
        this.link = link;
    }

    /** A client joined a realm here: the other nodes list it. */
    void joined(String realm, WampSession session) {
        RelayMessage.SessionEntry entry = new RelayMessage.SessionEntry(realm, session.metaDetails());
        synchronized (link.announceLock) {
            if (mine.put(session.id(), entry) == null) {
                long seq = link.change(StateHash.of(entry));
                link.sendToMembers(new RelayMessage.Sessions(link.incarnation, seq, List.of(entry), List.of()));
            }
        }
    }

    /** A client of this node left: the other nodes forget it. */
    void left(WampSession session) {
        if (!session.isClient()) {
            return;
        }
        synchronized (link.announceLock) {
            RelayMessage.SessionEntry entry = mine.remove(session.id());
            if (entry != null) {
                long seq = link.change(-StateHash.of(entry));
                link.sendToMembers(new RelayMessage.Sessions(link.incarnation, seq, List.of(),
                        List.of(session.id())));
            }
        }
    }

    /** Every client session of this node. Caller holds the announce lock. */
    List<RelayMessage.SessionEntry> mine() {
        return List.copyOf(mine.values());
    }

    /** Sessions of {@code node} joined and left. Peer lock held. */
    void apply(String node, List<RelayMessage.SessionEntry> joined, List<Long> left) {
        Map<Long, RelayMessage.SessionEntry> byId = byNode.computeIfAbsent(node, n -> new ConcurrentHashMap<>());
        left.forEach(byId::remove);
        joined.forEach(e -> byId.put(e.id(), e));
    }

    /** {@code node}'s complete set of sessions. Peer lock held. */
    void replace(String node, List<RelayMessage.SessionEntry> sessions) {
        Map<Long, RelayMessage.SessionEntry> byId = new ConcurrentHashMap<>();
        sessions.forEach(e -> byId.put(e.id(), e));
        byNode.put(node, byId);
    }

    /** {@code node}'s sessions as this node has them. */
    java.util.Collection<RelayMessage.SessionEntry> of(String node) {
        return byNode.getOrDefault(node, Map.of()).values();
    }

    /** Another node asks this one to kill one of its sessions. */
    void onKill(RelayMessage.Kill k) {
        LocalRealm realm = local.realm(k.realm());
        WampSession session = realm == null ? null : realm.session(k.sessionId());
        if (session != null) {
            session.kill(k.reason(), k.message());
        }
    }

    /** Forgets the sessions of {@code node} (it left the view); whether it had any listed. */
    boolean drop(String node) {
        return byNode.remove(node) != null;
    }

    /** The client sessions of other nodes in {@code realm}: their Session Meta API details. */
    List<Map<String, Object>> inRealm(String realm) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<Long, RelayMessage.SessionEntry> byId : byNode.values()) {
            for (RelayMessage.SessionEntry e : byId.values()) {
                if (e.realm().equals(realm)) {
                    out.add(e.details());
                }
            }
        }
        return out;
    }

    /** The details of another node's client session {@code id} of {@code realm}, or null. */
    Map<String, Object> get(String realm, long id) {
        for (Map<Long, RelayMessage.SessionEntry> byId : byNode.values()) {
            RelayMessage.SessionEntry e = byId.get(id);
            if (e != null && e.realm().equals(realm)) {
                return e.details();
            }
        }
        return null;
    }

    /** The node of another node's client session {@code id} of {@code realm}, or null. */
    String nodeOf(String realm, long id) {
        for (Map.Entry<String, Map<Long, RelayMessage.SessionEntry>> e : byNode.entrySet()) {
            RelayMessage.SessionEntry s = e.getValue().get(id);
            if (s != null && s.realm().equals(realm)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Asks {@code node} to kill its session {@code id}. */
    boolean kill(String node, String realm, long id, String reason, String message) {
        return link.send(node, new RelayMessage.Kill(realm, id, reason, message));
    }

    int count() {
        return byNode.values().stream().mapToInt(Map::size).sum();
    }
}
