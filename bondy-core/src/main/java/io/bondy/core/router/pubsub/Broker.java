package io.bondy.core.router.pubsub;

import io.bondy.core.WampErrors;
import io.bondy.core.config.PubSubSettings;
import io.bondy.core.id.RouterIds;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Publish;
import io.bondy.core.message.PublishOptions;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.SubscribeOptions;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.Unsubscribed;
import io.bondy.core.router.authz.RealmContext;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.Action;
import io.bondy.core.thread.AnyThread;
import io.bondy.core.thread.RelayThread;
import io.bondy.core.thread.SessionThread;
import io.bondy.core.uri.ReservedUris;
import io.bondy.core.uri.UriLimits;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class Broker {

    /** A SUBSCRIBE beyond {@link io.bondy.core.config.RoutingLimits#maxSubscriptionsPerSession()}. */
    public static final String TOO_MANY_SUBSCRIPTIONS = "bondy.error.too_many_subscriptions";
    /** Why a PUBLISH was refused, as {@code RouterMetrics.publishRefused} counts it. */
    public static final String REFUSED_INVALID_URI = "invalid_uri";
    public static final String REFUSED_RESERVED = "reserved_topic";
    public static final String REFUSED_NOT_AUTHORIZED = "not_authorized";
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final RealmContext ctx;
    private final PublicationRelay cluster;
    private final List<SubscriptionListener> listeners = new CopyOnWriteArrayList<>();
    private final RouterIds ids;
    private final SubscriptionTable table;
    private final RetainedEvents retained;
    private final TrustLevels trustLevels;
    private final SlowSubscribers delivery;

    public Broker(RealmContext ctx, RouterIds ids, PublicationRelay cluster) {
        this.ctx = ctx;
        this.cluster = cluster;
        this.ids = ids;
        PubSubSettings settings = ctx.realm().pubsub();
        this.table = new SubscriptionTable(ids, ctx.realm().uri());
        this.retained = new RetainedEvents(settings.retention());
        this.trustLevels = new TrustLevels(settings.trustLevels());
        this.delivery = new SlowSubscribers(ctx.realm().uri(), settings.slowSubscriber(), ctx.metrics());
        for (PubSubSettings.HistoryTopic h : settings.history()) {
            table.pin(h.topic(), h.match(), new EventHistory(h, System::currentTimeMillis));
        }
    }

    /** Adds a listener of this node's subscription changes (meta events, route announcements). */
    public void listen(SubscriptionListener listener) {
        listeners.add(listener);
    }

    /** The router's bounds of a topic URI (for topics named elsewhere, such as testaments). */
    @AnyThread
    public UriLimits uriLimits() {
        return ctx.uriLimits();
    }

    /** The realm's subscriptions (for the subscription meta API). */
    public SubscriptionTable table() {
        return table;
    }

    /** SUBSCRIBE from a session. Its transport thread. */
    @SessionThread
    public void subscribe(WampSession session, Subscribe m) {
        if (ctx.rejectOverLimits(session, MessageType.SUBSCRIBE, m.requestId(), "topic", m.topic())) {
            return;
        }
        SubscribeOptions options = SubscribeOptions.of(m);
        if (!isValidPattern(m.topic(), options.match())) {
            ctx.reject(session, MessageType.SUBSCRIBE, m.requestId(), WampErrors.INVALID_URI,
                    "invalid topic URI '" + m.topic() + "' for match '" + options.match().wireName() + "'");
            return;
        }
        if (!ctx.isAllowed(session, Action.SUBSCRIBE, m.topic())) {
            ctx.rejectUnauthorized(session, MessageType.SUBSCRIBE, m.requestId(), Action.SUBSCRIBE, m.topic());
            return;
        }
        if (overSubscriptionLimit(session, m.topic(), options.match())) {
            int max = ctx.limits().maxSubscriptionsPerSession();
            ctx.reject(session, MessageType.SUBSCRIBE, m.requestId(), TOO_MANY_SUBSCRIPTIONS, "the session holds "
                    + max + " subscriptions already (the limit per session, wamp.max_subscriptions_per_session)");
            return;
        }
        // SUBSCRIBED is queued before the session becomes visible to publishers on other threads: an EVENT
        // of this subscription must never reach the client ahead of it (a client drops such an event)
        SubscriptionTable.Added added = table.add(session, m.topic(), options.match(),
                s -> session.send(new Subscribed(m.requestId(), s.id())));
        Subscription sub = added.subscription();
        for (SubscriptionListener l : listeners) {
            l.onSubscribed(session, added);
        }
        if (options.getRetained() && retained.enabled()) {
            for (Publication p : retained.forSubscriber(sub, session)) {
                delivery.deliver(session, p.eventFor(sub, true));
            }
        }
    }

    /** UNSUBSCRIBE from a session. Its transport thread. */
    @SessionThread
    public void unsubscribe(WampSession session, Unsubscribe m) {
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
        unsubscribed(session, sub, removed);
    }

    /**
     * PUBLISH from a session. Its transport thread. A refused PUBLISH is answered with ERROR when
     * acknowledged and counted either way ({@code RouterMetrics.publishRefused}). Clients may not
     * publish to the router's topics ({@link ReservedUris}: {@code wamp.*}, {@code bondy.*}), whatever
     * their permissions: ERROR {@code wamp.error.invalid_uri}, as Crossbar answers.
     */
    @SessionThread
    public void publish(WampSession publisher, Publish m) {
        PublishOptions options = PublishOptions.of(m);
        if (!ctx.isValidUri(m.topic())) {
            refused(publisher, m, options, REFUSED_INVALID_URI);
            if (options.acknowledge()) {
                if (!ctx.rejectOverLimits(publisher, MessageType.PUBLISH, m.requestId(), "topic", m.topic())) {
                    ctx.reject(publisher, MessageType.PUBLISH, m.requestId(), WampErrors.INVALID_URI,
                            "invalid topic URI '" + m.topic() + "'");
                }
            } else {
                LOG.debug("Session {}: PUBLISH without acknowledge to the invalid topic '{}' dropped (the spec"
                        + " sends no ERROR then)", publisher.id(), UriLimits.abbreviate(m.topic()));
            }
            return;
        }
        if (!publisher.isInternal() && ReservedUris.isRouterOnly(m.topic())) {
            refused(publisher, m, options, REFUSED_RESERVED);
            if (options.acknowledge()) {
                ctx.reject(publisher, MessageType.PUBLISH, m.requestId(), WampErrors.INVALID_URI, "topic '"
                        + m.topic() + "' is reserved for the router: clients may not publish to wamp.* or bondy.*");
            }
            return;
        }
        if (!ctx.isAllowed(publisher, Action.PUBLISH, m.topic())) {
            refused(publisher, m, options, REFUSED_NOT_AUTHORIZED);
            if (options.acknowledge()) {
                ctx.rejectUnauthorized(publisher, MessageType.PUBLISH, m.requestId(), Action.PUBLISH, m.topic());
            }
            return;
        }
        if (!ctx.isDisclosureAllowed(publisher, options.discloseMe(), Action.DISCLOSE_PUBLISHER, m.topic())) {
            refused(publisher, m, options, REFUSED_NOT_AUTHORIZED);
            if (options.acknowledge()) {
                ctx.rejectUnauthorized(publisher, MessageType.PUBLISH, m.requestId(), Action.DISCLOSE_PUBLISHER,
                        m.topic());
            }
            return;
        }
        Publication p = Publication.of(ids.publicationId(), m, options, publisher, trustLevels.levelFor(m.topic(), publisher));
        if (cluster.relays(publisher, m.topic())) {
            Set<WampSession> nodes = new HashSet<>(4);
            table.forEachMatch(m.topic(), sub -> {
                dispatch(p, sub);
                nodes.addAll(sub.nodes());
            });
            if (!nodes.isEmpty()) {
                cluster.relay(ctx.realm().uri(), p, m, publisher.id(), nodes);
            }
        } else {
            table.forEachMatch(m.topic(), sub -> dispatch(p, sub));
        }
        if (options.retain() && retained.enabled()) {
            retained.retain(p);
        }
        if (options.acknowledge()) {
            publisher.send(new Published(m.requestId(), p.id()));
        }
    }

    /**
     * Fans out a publication another node accepted (and authorized) to this node's subscribers, and
     * retains it here too if asked. Never relayed further. The relay's delivery thread.
     */
    @RelayThread
    public void publishRelayed(long publicationId, Publish publish, long publisherId, Map<String, Object> details) {
        Publication p = Publication.relayed(publicationId, publish, publisherId, details);
        table.forEachMatch(p.topic(), sub -> dispatch(p, sub, true));
        if (publish.retain() && retained.enabled()) {
            retained.retain(p);
        }
    }

    /** The subscription of exactly (topic, match), or null. */
    public Subscription subscription(String topic, MatchPolicy match) {
        return table.lookup(topic, match);
    }

    /** Attaches another node's stub to (topic, match): that node has subscribers for it. */
    @RelayThread
    public void attachStub(WampSession stub, String topic, MatchPolicy match) {
        table.add(stub, topic, match);
    }

    @RelayThread
    public void detachStub(WampSession stub, String topic, MatchPolicy match) {
        Subscription sub = table.lookup(topic, match);
        if (sub != null) {
            table.remove(stub, sub);
        }
    }

    /**
     * Drops the session's subscriptions (it left). One that fails to go (a bug) does not keep the
     * others: each is removed on its own, and the failures are logged once.
     */
    @SessionThread
    public void removeSession(WampSession session) {
        int failed = 0;
        RuntimeException first = null;
        for (Subscription sub : List.copyOf(SubscriptionTable.of(session))) {
            try {
                SubscriptionTable.Removed removed = table.remove(session, sub);
                if (!session.isNodeStub()) {
                    unsubscribed(session, sub, removed);
                }
            } catch (RuntimeException e) {
                failed++;
                first = first == null ? e : first;
            }
        }
        if (failed > 0) {
            LOG.warn("Realm {}: {} subscription(s) of session {} failed to be removed, the others were; first: {}",
                    ctx.realm().uri(), failed, session.id(), first.toString());
            LOG.debug("The first failure to remove a subscription of session {}", session.id(), first);
        }
    }

    /**
     * Whether a new subscription would take a client session over its limit (subscribing again to
     * what it holds already is not a new one). Internal sessions and node stubs have none.
     */
    private boolean overSubscriptionLimit(WampSession session, String topic, MatchPolicy match) {
        if (session.isInternal() || session.isNodeStub()) {
            return false;
        }
        if (SubscriptionTable.of(session).size() < ctx.limits().maxSubscriptionsPerSession()) {
            return false;
        }
        Subscription existing = table.lookup(topic, match);
        return existing == null || !existing.subscribers().contains(session);
    }

    private void unsubscribed(WampSession session, Subscription sub, SubscriptionTable.Removed removed) {
        for (SubscriptionListener l : listeners) {
            l.onUnsubscribed(session, sub, removed);
        }
    }

    /** Counts a refused PUBLISH; one acknowledged is also answered, one not is logged at DEBUG only. */
    private void refused(WampSession publisher, Publish m, PublishOptions options, String reason) {
        ctx.metrics().publishRefused(ctx.realm().uri(), reason);
        if (!options.acknowledge()) {
            LOG.debug("Session {}: dropped unacknowledged PUBLISH to '{}' ({})", publisher.id(), m.topic(), reason);
        }
    }

    /** Events dropped for slow subscribers in this realm (diagnostics and tests). */
    public long droppedEvents() {
        return delivery.dropped();
    }

    private void dispatch(Publication p, Subscription sub) {
        dispatch(p, sub, false);
    }

    /** Node-local sessions ({@link WampSession#isNodeLocal()}) get no relayed publication. */
    private void dispatch(Publication p, Subscription sub, boolean relayed) {
        if (sub.history() != null) {
            sub.history().append(p);
        }
        WampSession[] subscribers = sub.subscriberArray();
        if (subscribers.length == 0) {
            return;
        }
        io.bondy.core.message.Event event = p.eventFor(sub);
        EventFilter filter = p.filter();
        for (WampSession subscriber : subscribers) {
            if (filter.admits(subscriber) && !(relayed && subscriber.isNodeLocal())) {
                delivery.deliver(subscriber, event);
            }
        }
    }

    /**
     * Exact topics are URIs; a prefix is a URI, or a URI followed by '.'; a wildcard pattern is a
     * URI whose empty components are the wildcards.
     */
    private boolean isValidPattern(String topic, MatchPolicy match) {
        return switch (match) {
            case EXACT -> ctx.isValidUri(topic);
            case PREFIX -> ctx.isValidUri(topic.endsWith(".") ? topic.substring(0, topic.length() - 1) : topic);
            case WILDCARD -> ctx.isValidPattern(topic);
        };
    }
}
