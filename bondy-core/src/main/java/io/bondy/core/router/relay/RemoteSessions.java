package io.bondy.core.router.relay;

import io.bondy.core.router.session.WampSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions part of {@link ClusterRouting}: this node announces its client sessions (their
 * Session Meta API details) and keeps the other nodes', so {@code wamp.session.count}, {@code list}
 * and {@code get} answer for the whole cluster and a kill reaches the session's node.
 *
 * <p>Threading: announcements and snapshots are made under {@link RelayLink#announceLock}; a node's
 * announcements are handled on the relay's delivery thread of that node.
 */
final class RemoteSessions {

    private final LocalNode local;
    private final RelayLink link;
    /** Other nodes' client sessions, by node, then session id. */
    private final Map<String, Map<Long, RelayMessage.SessionEntry>> byNode = new ConcurrentHashMap<>();

    RemoteSessions(LocalNode local, RelayLink link) {
        this.local = local;
        this.link = link;
    }

    /** A client joined a realm here: the other nodes list it. */
    void joined(String realm, WampSession session) {
        if (!link.connected()) {
            return;
        }
        RelayMessage.SessionEntry entry = new RelayMessage.SessionEntry(realm, session.metaDetails());
        synchronized (link.announceLock) {
            link.sendToAll(new RelayMessage.Sessions(false, List.of(entry), List.of()));
        }
    }

    /** A client of this node left: the other nodes forget it. */
    void left(WampSession session) {
        if (link.connected() && session.isClient()) {
            synchronized (link.announceLock) {
                link.sendToAll(new RelayMessage.Sessions(false, List.of(), List.of(session.id())));
            }
        }
    }

    /** Every client session of this node. Caller holds the announce lock. */
    RelayMessage.Sessions snapshot() {
        List<RelayMessage.SessionEntry> all = new ArrayList<>();
        for (LocalRealm realm : local.realms()) {
            for (WampSession s : realm.sessions()) {
                all.add(new RelayMessage.SessionEntry(realm.uri(), s.metaDetails()));
            }
        }
        return new RelayMessage.Sessions(true, all, List.of());
    }

    void onSessions(String node, RelayMessage.Sessions ss) {
        Map<Long, RelayMessage.SessionEntry> byId = byNode.computeIfAbsent(node, n -> new ConcurrentHashMap<>());
        if (ss.snapshot()) {
            byId.clear();
        }
        ss.left().forEach(byId::remove);
        ss.joined().forEach(e -> byId.put(e.id(), e));
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
    List<Map<String, Object>> of(String realm) {
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
