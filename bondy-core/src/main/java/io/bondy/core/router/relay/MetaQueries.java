package io.bondy.core.router.relay;

import io.bondy.core.message.MatchPolicy;
import io.bondy.core.router.pubsub.Subscription;
import io.bondy.core.router.rpc.Registration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meta API part of {@link ClusterRouting}: asks the nodes that have callees or subscribers of
 * a (URI, match) for their session ids ({@code wamp.registration.list_callees}, ...), and answers
 * such questions from other nodes.
 *
 * <p>Threading: thread-safe; a question's state is guarded by itself.
 */
final class MetaQueries {

    private final LocalNode local;
    private final RelayLink link;
    private final Map<Long, Gathering> queries = new ConcurrentHashMap<>();
    private final AtomicLong queryIds = new AtomicLong();
    private volatile Duration timeout = ClusterRouting.DEFAULT_QUERY_TIMEOUT;

    /** One question to several nodes: the ids gathered so far and who has not answered. */
    private record Gathering(Set<String> waiting, List<Long> sessions, CompletableFuture<List<Long>> done) {

        /** Completes with what has arrived once nobody is left to wait for (or {@code force}). Holds this. */
        void completeIf(boolean force) {
            if (force || waiting.isEmpty()) {
                done.complete(List.copyOf(sessions));
            }
        }
    }

    MetaQueries(LocalNode local, RelayLink link) {
        this.local = local;
        this.link = link;
    }

    void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The session ids other nodes have attached to (uri, match) of {@code realm}: the callees of a
     * registration or the subscribers of a subscription, as {@code nodes} answer within the query
     * timeout (a node that does not answer in time, or leaves, is left out).
     */
    CompletableFuture<List<Long>> gather(String realm, RelayMessage.Kind kind, String uri, MatchPolicy match,
                                         Collection<String> nodes) {
        CompletableFuture<List<Long>> done = new CompletableFuture<>();
        if (nodes.isEmpty() || !link.connected()) {
            done.complete(List.of());
            return done;
        }
        long id = queryIds.incrementAndGet();
        Gathering g = new Gathering(new HashSet<>(nodes), new ArrayList<>(), done);
        queries.put(id, g);
        done.whenComplete((r, e) -> queries.remove(id));
        RelayMessage.Route route = new RelayMessage.Route(realm, kind, uri, match, null);
        for (String node : nodes) {
            if (!link.send(node, new RelayMessage.Query(id, route))) {
                synchronized (g) {
                    g.waiting().remove(node);
                }
            }
        }
        synchronized (g) {
            g.completeIf(false);
        }
        if (!done.isDone()) {
            local.scheduler().schedule(timeout, () -> {
                synchronized (g) {
                    g.completeIf(true);
                }
            });
        }
        return done;
    }

    /** Another node asks for this node's sessions on a route. */
    void onQuery(String node, RelayMessage.Query q) {
        link.send(node, new RelayMessage.QueryReply(q.queryId(), localSessions(q.route())));
    }

    void onReply(String node, RelayMessage.QueryReply r) {
        Gathering g = queries.get(r.queryId());
        if (g != null) {
            synchronized (g) {
                if (g.waiting().remove(node)) {
                    g.sessions().addAll(r.sessions());
                    g.completeIf(false);
                }
            }
        }
    }

    /** {@code node} left the view: no question waits for it any more. */
    void drop(String node) {
        for (Gathering g : queries.values()) {
            synchronized (g) {
                if (g.waiting().remove(node)) {
                    g.completeIf(false);
                }
            }
        }
    }

    private List<Long> localSessions(RelayMessage.Route route) {
        LocalRealm realm = local.realm(route.realm());
        if (realm == null) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        if (route.kind() == RelayMessage.Kind.REGISTRATION) {
            Registration reg = realm.registrar().table().lookup(route.uri(), route.match());
            if (reg != null) {
                reg.localCallees().forEach(c -> ids.add(c.session().id()));
            }
        } else {
            Subscription sub = realm.broker().subscription(route.uri(), route.match());
            if (sub != null) {
                sub.subscribers().forEach(s -> ids.add(s.id()));
            }
        }
        return ids;
    }
}
