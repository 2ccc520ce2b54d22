package io.bondy.core.router.meta;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.Payload;
import io.bondy.core.message.ProtocolViolationException;
import io.bondy.core.router.pubsub.EventHistory;
import io.bondy.core.router.pubsub.HistoryQuery;
import io.bondy.core.router.pubsub.Subscription;
import io.bondy.core.router.pubsub.SubscriptionTable;
import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.router.relay.RelayMessage;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.WampSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscription meta procedures ({@code wamp.subscription.list}, {@code lookup}, {@code match},
 * {@code get}, {@code list_subscribers}, {@code count_subscribers}) and the event history procedure
 * {@code wamp.subscription.get_events}, registered by the realm's internal session. Bad arguments
 * are answered with {@code wamp.error.invalid_argument}, unknown ids with
 * {@code wamp.error.no_such_subscription}.
 *
 * <p>Threading: procedures run on the caller's thread and read the table without locks.
 */
final class SubscriptionMetaApi {

    private final SubscriptionTable table;
    private final ClusterRouting cluster;
    private final String realm;

    /**
     * @param cluster with the realm's URI: {@code list_subscribers} and {@code count_subscribers} also
     *                count other nodes' subscribers of the subscription's (topic, match), as they answer
     */
    SubscriptionMetaApi(SubscriptionTable table, ClusterRouting cluster, String realm) {
        this.table = table;
        this.cluster = cluster;
        this.realm = realm;
    }

    void registerOn(InternalSession session) {
        session.register("wamp.subscription.list", Map.of(), inv -> one(list()));
        session.register("wamp.subscription.lookup", Map.of(), this::lookup);
        session.register("wamp.subscription.match", Map.of(), this::match);
        session.register("wamp.subscription.get", Map.of(),
                inv -> one(SubscriptionMetaEvents.details(subscription(inv))));
        session.registerDeferred("wamp.subscription.list_subscribers", Map.of(),
                inv -> subscribersEverywhere(subscription(inv)).thenApply(SubscriptionMetaApi::one));
        session.registerDeferred("wamp.subscription.count_subscribers", Map.of(),
                inv -> subscribersEverywhere(subscription(inv)).thenApply(ids -> one(ids.size())));
        session.register("wamp.subscription.get_events", Map.of(), this::getEvents);
    }

    private Map<String, Object> list() {
        Map<String, Object> lists = new LinkedHashMap<>();
        for (MatchPolicy p : MatchPolicy.values()) {
            lists.put(p.wireName(), new ArrayList<Long>());
        }
        for (Subscription s : table.all()) {
            @SuppressWarnings("unchecked")
            List<Long> ids = (List<Long>) lists.get(s.match().wireName());
            ids.add(s.id());
        }
        return lists;
    }

    private Payload lookup(Invocation inv) {
        String topic = string(inv, 0, "topic");
        List<Object> args = args(inv);
        MatchPolicy match = MatchPolicy.EXACT;
        if (args.size() > 1 && args.get(1) != null) {
            if (!(args.get(1) instanceof Map<?, ?> options)) {
                throw invalid("options must be a dict");
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> o = (Map<String, Object>) options;
                match = MatchPolicy.fromOptions(o);
            } catch (ProtocolViolationException e) {
                throw invalid(e.getMessage());
            }
        }
        Subscription sub = table.lookup(topic, match);
        return one(sub == null ? null : sub.id());
    }

    private Payload match(Invocation inv) {
        String topic = string(inv, 0, "topic");
        List<Long> ids = new ArrayList<>();
        table.forEachMatch(topic, s -> ids.add(s.id()));
        return one(ids.isEmpty() ? null : ids);
    }

    private Payload getEvents(Invocation inv) {
        Subscription sub = subscription(inv);
        EventHistory history = sub.history();
        if (history == null) {
            throw invalid("subscription " + sub.id() + " (" + sub.topic() + ") keeps no event history;"
                    + " history topics are configured per realm (pubsub.history)");
        }
        Map<String, Object> kwargs = inv.payload() instanceof Payload.Arguments a ? a.kwargsOrEmpty() : Map.of();
        return one(new HistoryQuery(kwargs).run(sub, history.snapshot()));
    }

    /** This node's subscribers of {@code sub}, then those of the other nodes that have some. */
    private java.util.concurrent.CompletableFuture<List<Long>> subscribersEverywhere(Subscription sub) {
        List<Long> local = subscribers(sub);
        List<String> nodes = sub.nodes().stream().map(WampSession::node).toList();
        if (cluster == null || nodes.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(local);
        }
        return cluster.gather(realm, RelayMessage.Kind.SUBSCRIPTION, sub.topic(), sub.match(), nodes)
                .thenApply(remote -> {
                    List<Long> all = new ArrayList<>(local);
                    all.addAll(remote);
                    return all;
                });
    }

    private static List<Long> subscribers(Subscription sub) {
        List<Long> ids = new ArrayList<>();
        for (WampSession s : sub.subscribers()) {
            ids.add(s.id());
        }
        return ids;
    }

    private Subscription subscription(Invocation inv) {
        List<Object> args = args(inv);
        if (args.isEmpty() || !(args.get(0) instanceof Integer || args.get(0) instanceof Long)) {
            throw invalid("the first argument must be a subscription id");
        }
        long id = ((Number) args.get(0)).longValue();
        Subscription sub = table.byId(id);
        if (sub == null) {
            throw new ApplicationError(WampErrors.NO_SUCH_SUBSCRIPTION, "no subscription " + id + " in this realm");
        }
        return sub;
    }

    private static String string(Invocation inv, int index, String name) {
        List<Object> args = args(inv);
        if (args.size() <= index || !(args.get(index) instanceof String s)) {
            throw invalid("argument " + (index + 1) + " must be the " + name + " (a string)");
        }
        return s;
    }

    private static List<Object> args(Invocation inv) {
        return inv.payload() instanceof Payload.Arguments a ? a.argsOrEmpty() : List.of();
    }

    private static Payload one(Object value) {
        return Payload.of(Collections.singletonList(value));
    }

    private static ApplicationError invalid(String message) {
        return new ApplicationError(WampErrors.INVALID_ARGUMENT, message);
    }
}
