package io.bondy.core.router.meta;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Payload;
import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.router.relay.LocalRealm;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.uri.UriValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Session Meta API procedures of one realm: {@code wamp.session.count}, {@code list}, {@code get},
 * {@code kill}, {@code kill_by_authid}, {@code kill_by_authrole}, {@code kill_all}, and Bondy's
 * {@code bondy.session.self} and {@code bondy.ping} (answers {@code "pong"}). Only client sessions are seen (the router's internal ones are not).
 * A kill never closes the calling session itself.
 *
 * <p>In a cluster, {@code count}, {@code list} and {@code get} answer for every node (other nodes'
 * sessions as they announced them, see {@link ClusterRouting}), and the kills reach other nodes'
 * sessions too (their node closes them, shortly after the answer).
 */
final class SessionMetaApi {

    private final LocalRealm realm;
    private final ClusterRouting cluster;

    private SessionMetaApi(LocalRealm realm, ClusterRouting cluster) {
        this.realm = realm;
        this.cluster = cluster;
    }

    static void install(LocalRealm realm, InternalSession meta, ClusterRouting cluster) {
        SessionMetaApi api = new SessionMetaApi(realm, cluster);
        meta.register("wamp.session.count", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.session.count", inv);
            List<String> roles = a.optionalStrings(0, "filter_authroles");
            return MetaArgs.result(api.matching(roles).size() + api.remoteMatching(roles).size());
        });
        meta.register("wamp.session.list", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.session.list", inv);
            List<String> roles = a.optionalStrings(0, "filter_authroles");
            List<Long> ids = new ArrayList<>();
            api.matching(roles).forEach(s -> ids.add(s.id()));
            api.remoteMatching(roles).forEach(d -> ids.add(((Number) d.get("session")).longValue()));
            return MetaArgs.result(ids);
        });
        meta.register("wamp.session.get", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.session.get", inv);
            long id = a.id(0, "session");
            WampSession local = realm.session(id);
            Map<String, Object> remote = local == null ? cluster.remoteSession(realm.uri(), id) : null;
            if (local == null && remote == null) {
                throw noSuchSession(id);
            }
            return MetaArgs.result(local != null ? local.metaDetails() : remote);
        });
        meta.register("bondy.ping", Map.of(), inv -> MetaArgs.result("pong"));
        meta.register("bondy.session.self", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("bondy.session.self", inv);
            return MetaArgs.result(api.existing(a.caller()).metaDetails());
        });
        meta.register("wamp.session.kill", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.session.kill", inv);
            long target = a.id(0, "session");
            WampSession session = target == a.caller() ? null : realm.session(target);
            String node = session != null || target == a.caller() ? null
                    : cluster.nodeOfSession(realm.uri(), target);
            if (session == null && node == null) {
                throw noSuchSession(target);
            }
            if (session != null) {
                api.kill(List.of(session), a);
            } else {
                api.killElsewhere(List.of(Map.of("session", target)), node == null ? List.of() : List.of(node), a);
            }
            return Payload.NONE;
        });
        meta.register("wamp.session.kill_by_authid", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.session.kill_by_authid", inv);
            String authid = a.string(0, "authid");
            List<Long> killed = new ArrayList<>(api.kill(api.others(a, who -> authid.equals(who.authid())), a));
            killed.addAll(api.killRemote(a, d -> authid.equals(d.get("authid"))));
            return MetaArgs.result(killed);
        });
        meta.register("wamp.session.kill_by_authrole", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.session.kill_by_authrole", inv);
            String authrole = a.string(0, "authrole");
            return MetaArgs.result(api.kill(api.others(a, who -> authrole.equals(who.authrole())), a).size()
                    + api.killRemote(a, d -> authrole.equals(d.get("authrole"))).size());
        });
        meta.register("wamp.session.kill_all", Map.of(), inv -> {
            MetaArgs a = new MetaArgs("wamp.session.kill_all", inv);
            return MetaArgs.result(api.kill(api.others(a, who -> true), a).size()
                    + api.killRemote(a, d -> true).size());
        });
    }

    /** The session details of the meta API (and the payload of {@code wamp.session.on_join}). */
    private List<WampSession> matching(List<String> authroles) {
        List<WampSession> out = new ArrayList<>();
        for (WampSession s : realm.sessions()) {
            AuthIdentity who = s.identity();
            if (who != null && (authroles == null || authroles.contains(who.authrole()))) {
                out.add(s);
            }
        }
        return out;
    }

    /** Other nodes' sessions of this realm with one of {@code authroles} (all when null). */
    private List<Map<String, Object>> remoteMatching(List<String> authroles) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> d : cluster.remoteSessions(realm.uri())) {
            if (authroles == null || authroles.contains(d.get("authrole"))) {
                out.add(d);
            }
        }
        return out;
    }

    private List<WampSession> others(MetaArgs a, Predicate<AuthIdentity> which) {
        List<WampSession> out = new ArrayList<>();
        for (WampSession s : realm.sessions()) {
            AuthIdentity who = s.identity();
            if (s.id() != a.caller() && who != null && which.test(who)) {
                out.add(s);
            }
        }
        return out;
    }

    private WampSession existing(long id) {
        WampSession s = realm.session(id);
        if (s == null) {
            throw noSuchSession(id);
        }
        return s;
    }

    /** GOODBYE with the {@code reason} (default {@code wamp.close.killed}) and {@code message} kwargs. */
    private List<Long> kill(List<WampSession> targets, MetaArgs a) {
        String reason = a.kwarg("reason", String.class);
        String message = a.kwarg("message", String.class);
        if (reason != null && !UriValidator.LOOSE.isValid(reason)) {
            throw new ApplicationError(WampErrors.INVALID_URI, "reason '" + reason + "' is not a valid URI");
        }
        List<Long> killed = new ArrayList<>();
        for (WampSession s : targets) {
            if (s.kill(reason == null ? WampErrors.KILLED : reason, message)) {
                killed.add(s.id());
            }
        }
        return killed;
    }

    /**
     * Asks the other nodes to kill their sessions of this realm that {@code which} selects (by their
     * announced details); returns their ids. The kills happen there, shortly after.
     */
    private List<Long> killRemote(MetaArgs a, Predicate<Map<String, Object>> which) {
        List<Map<String, Object>> targets = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (Map<String, Object> d : cluster.remoteSessions(realm.uri())) {
            long id = ((Number) d.get("session")).longValue();
            String node = cluster.nodeOfSession(realm.uri(), id);
            if (id != a.caller() && node != null && which.test(d)) {
                targets.add(d);
                nodes.add(node);
            }
        }
        return killElsewhere(targets, nodes, a);
    }

    private List<Long> killElsewhere(List<Map<String, Object>> targets, List<String> nodes, MetaArgs a) {
        String reason = a.kwarg("reason", String.class);
        String message = a.kwarg("message", String.class);
        if (reason != null && !UriValidator.LOOSE.isValid(reason)) {
            throw new ApplicationError(WampErrors.INVALID_URI, "reason '" + reason + "' is not a valid URI");
        }
        List<Long> asked = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            long id = ((Number) targets.get(i).get("session")).longValue();
            if (cluster.forwardKill(nodes.get(i), realm.uri(), id, reason == null ? WampErrors.KILLED : reason,
                    message)) {
                asked.add(id);
            }
        }
        return asked;
    }

    private static ApplicationError noSuchSession(long id) {
        return new ApplicationError(WampErrors.NO_SUCH_SESSION, "no session " + id + " in this realm");
    }
}
