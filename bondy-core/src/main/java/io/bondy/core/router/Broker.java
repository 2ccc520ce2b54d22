package io.bondy.core.router;

import io.bondy.core.WampErrors;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.Unsubscribed;
import io.bondy.core.spi.Action;
import io.bondy.core.message.MatchPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The realm's broker: it checks SUBSCRIBE, UNSUBSCRIBE and PUBLISH and puts the pieces together:
 * the {@link SubscriptionTable} (exact, prefix, wildcard), the {@link Publication} with its
 * {@link EventFilter} (exclusion, black/white lists), delivery through {@link SlowSubscribers},
 * the {@link RetainedEvents}, the {@link EventHistory} of pinned subscriptions, and the
 * subscription meta API and events.
 *
 * <p>Threading: called on the publishing/subscribing session's transport thread; the table is read
 * without locks and changed atomically per (topic, match).
 */
final class Broker {

    private final RealmContext ctx;
    private final RouterIds ids;
    private final SubscriptionTable table;
    private final RetainedEvents retained;
    private final TrustLevels trustLevels;
    private final SlowSubscribers delivery;
    private final SubscriptionMetaEvents metaEvents = new SubscriptionMetaEvents();

    Broker(RealmContext ctx, RouterIds ids) {
        this.ctx = ctx;
        this.ids = ids;
        PubSubSettings settings = ctx.realm().pubsub();
        this.table = new SubscriptionTable(ids);
        this.retained = new RetainedEvents(settings.retention());
        this.trustLevels = new TrustLevels(settings.trustLevels());
        this.delivery = new SlowSubscribers(ctx.realm().uri(), settings.slowSubscriber(), ctx.metrics());
        for (PubSubSettings.HistoryTopic h : settings.history()) {
            table.pin(h.topic(), h.match(), new EventHistory(h, System::currentTimeMillis));
        }
    }

    /** Registers the subscription meta procedures and starts the meta events, on the realm's own session. */
    void startMeta(InternalSession meta) {
        new SubscriptionMetaApi(table, ctx.cluster(), ctx.realm().uri()).registerOn(meta);
        metaEvents.start(meta);
    }

    void subscribe(WampSession session, Subscribe m) {
        if (!isValidPattern(m)) {
            ctx.reject(session, MessageType.SUBSCRIBE, m.requestId(), WampErrors.INVALID_URI,
                    "invalid topic URI '" + m.topic() + "' for match '" + m.match().wireName() + "'");
            return;
        }
        if (!ctx.isAllowed(session, Action.SUBSCRIBE, m.topic())) {
            ctx.rejectUnauthorized(session, MessageType.SUBSCRIBE, m.requestId(), Action.SUBSCRIBE, m.topic());
            return;
        }
        SubscriptionTable.Added added = table.add(session, m.topic(), m.match());
        Subscription sub = added.subscription();
        session.send(new Subscribed(m.requestId(), sub.id()));
        metaEvents.subscribed(session, added);
        if (added.newSubscriber()) {
            ctx.cluster().routeAdded(session, ctx.realm().uri(), RelayMessage.Kind.SUBSCRIPTION, sub.topic(),
                    sub.match(), null);
        }
        if (m.getRetained() && retained.enabled()) {
            for (Publication p : retained.forSubscriber(sub, session)) {
                delivery.deliver(session, p.eventFor(sub, true));
            }
        }
    }

    void unsubscribe(WampSession session, Unsubscribe m) {
        Subscription sub = table.byId(m.subscriptionId());
        if (sub == null || !sub.subscribers().contains(session)) {
            ctx.reject(session, MessageType.UNSUBSCRIBE, m.requestId(), WampErrors.NO_SUCH_SUBSCRIPTION,
                    "no subscription " + m.subscriptionId() + " for this session");
            return;
        }
        if (!ctx.isAllowed(session, Action.UNSUBSCRIBE, sub.topic())) {
            ctx.rejectUnauthorized(session, MessageType.UNSUBSCRIBE, m.requestId(), Action.UNSUBSCRIBE, sub.topic());
            return;
        }
        SubscriptionTable.Removed removed = table.remove(session, sub);
        session.send(new Unsubscribed(m.requestId(), Map.of()));
        metaEvents.unsubscribed(session, sub, removed);
        routeRemoved(session, sub, removed);
    }

    void publish(WampSession publisher, Publish m) {
        if (!ctx.isValidUri(m.topic())) {
            if (m.acknowledge()) {
                ctx.reject(publisher, MessageType.PUBLISH, m.requestId(), WampErrors.INVALID_URI,
                        "invalid topic URI '" + m.topic() + "'");
            }
            return;
        }
        if (!ctx.isAllowed(publisher, Action.PUBLISH, m.topic())) {
            if (m.acknowledge()) {
                ctx.rejectUnauthorized(publisher, MessageType.PUBLISH, m.requestId(), Action.PUBLISH, m.topic());
            }
            return;
        }
        if (!ctx.isDisclosureAllowed(publisher, m.options(), Action.DISCLOSE_PUBLISHER, m.topic())) {
            if (m.acknowledge()) {
                ctx.rejectUnauthorized(publisher, MessageType.PUBLISH, m.requestId(), Action.DISCLOSE_PUBLISHER,
                        m.topic());
            }
            return;
        }
        Publication p = Publication.of(ids.publicationId(), m, publisher, trustLevels.levelFor(m.topic(), publisher));
        if (ctx.cluster().relays(publisher, m.topic())) {
            Set<WampSession> nodes = new HashSet<>(4);
            table.forEachMatch(m.topic(), sub -> {
                dispatch(p, sub);
                nodes.addAll(sub.nodes());
            });
            if (!nodes.isEmpty()) {
                ctx.cluster().relayPublication(ctx.realm().uri(), p, m, publisher.id(), nodes);
            }
        } else {
            table.forEachMatch(m.topic(), sub -> dispatch(p, sub));
        }
        if (m.retain() && retained.enabled()) {
            retained.retain(p);
        }
        if (m.acknowledge()) {
            publisher.send(new Published(m.requestId(), p.id()));
        }
    }

    /**
     * Fans out a publication another node accepted (and authorized) to this node's subscribers, and
     * retains it here too if asked. Never relayed further. The relay's delivery thread.
     */
    void publishRelayed(RelayMessage.Publication relayed) {
        Publication p = Publication.relayed(relayed.publicationId(), relayed.publish(), relayed.publisherId(),
                relayed.details());
        table.forEachMatch(p.topic(), sub -> dispatch(p, sub));
        if (relayed.publish().retain() && retained.enabled()) {
            retained.retain(p);
        }
    }

    /** The subscription of exactly (topic, match), or null. */
    Subscription subscription(String topic, MatchPolicy match) {
        return table.lookup(topic, match);
    }

    /** Attaches another node's stub to (topic, match): that node has subscribers for it. */
    void attachStub(WampSession stub, String topic, MatchPolicy match) {
        table.add(stub, topic, match);
    }

    void detachStub(WampSession stub, String topic, MatchPolicy match) {
        Subscription sub = table.lookup(topic, match);
        if (sub != null) {
            table.remove(stub, sub);
        }
    }

    void removeSession(WampSession session) {
        for (Subscription sub : List.copyOf(session.subscriptions())) {
            SubscriptionTable.Removed removed = table.remove(session, sub);
            if (!session.isNodeStub()) {
                metaEvents.unsubscribed(session, sub, removed);
                routeRemoved(session, sub, removed);
            }
        }
    }

    private void routeRemoved(WampSession session, Subscription sub, SubscriptionTable.Removed removed) {
        if (removed.wasSubscribed()) {
            ctx.cluster().routeRemoved(session, ctx.realm().uri(), RelayMessage.Kind.SUBSCRIPTION, sub.topic(),
                    sub.match(), null);
        }
    }

    /** Events dropped for slow subscribers in this realm (diagnostics and tests). */
    long droppedEvents() {
        return delivery.dropped();
    }

    private void dispatch(Publication p, Subscription sub) {
        if (sub.history() != null) {
            sub.history().append(p);
        }
        if (sub.subscribers().isEmpty()) {
            return;
        }
        io.bondy.core.message.Event event = p.eventFor(sub);
        EventFilter filter = p.filter();
        for (WampSession subscriber : sub.subscribers()) {
            if (filter.admits(subscriber)) {
                delivery.deliver(subscriber, event);
            }
        }
    }

    /**
     * Exact topics are URIs; a prefix is a URI, or a URI followed by '.'; a wildcard pattern is a
     * URI whose empty components are the wildcards.
     */
    private boolean isValidPattern(Subscribe m) {
        String topic = m.topic();
        return switch (m.match()) {
            case EXACT -> ctx.isValidUri(topic);
            case PREFIX -> ctx.isValidUri(topic.endsWith(".") ? topic.substring(0, topic.length() - 1) : topic);
            case WILDCARD -> ctx.isValidPattern(topic);
        };
    }
}
