package io.bondy.core.router;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Event;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.Unsubscribed;
import io.bondy.core.spi.Action;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The realm's broker: subscriptions and the delivery of publications.
 *
 * <p>Threading: called on the publishing/subscribing session's transport thread; the tables are
 * concurrent maps, changed atomically per topic, read without locks.
 */
final class Broker {

    private final RealmContext ctx;
    private final RouterIds ids;
    private final Map<String, Subscription> byTopic = new ConcurrentHashMap<>();
    private final Map<Long, Subscription> byId = new ConcurrentHashMap<>();

    Broker(RealmContext ctx, RouterIds ids) {
        this.ctx = ctx;
        this.ids = ids;
    }

    void subscribe(WampSession session, Subscribe m) {
        if (!ctx.isValidUri(m.topic())) {
            ctx.reject(session, MessageType.SUBSCRIBE, m.requestId(), WampErrors.INVALID_URI,
                    "invalid topic URI '" + m.topic() + "'");
            return;
        }
        if (m.match() != MatchPolicy.EXACT) {
            ctx.reject(session, MessageType.SUBSCRIBE, m.requestId(), WampErrors.OPTION_NOT_ALLOWED,
                    "match '" + m.match().wireName() + "' is not supported by this router");
            return;
        }
        if (!ctx.isAllowed(session, Action.SUBSCRIBE, m.topic())) {
            ctx.rejectUnauthorized(session, MessageType.SUBSCRIBE, m.requestId(), Action.SUBSCRIBE, m.topic());
            return;
        }
        Subscription sub = byTopic.compute(m.topic(), (topic, existing) -> {
            Subscription s = existing != null ? existing : new Subscription(ids.subscriptionId(), topic, MatchPolicy.EXACT);
            s.subscribers().add(session);
            byId.put(s.id(), s);
            session.subscriptions().add(s);
            return s;
        });
        session.send(new Subscribed(m.requestId(), sub.id()));
    }

    void unsubscribe(WampSession session, Unsubscribe m) {
        Subscription sub = byId.get(m.subscriptionId());
        if (sub == null || !sub.subscribers().contains(session)) {
            ctx.reject(session, MessageType.UNSUBSCRIBE, m.requestId(), WampErrors.NO_SUCH_SUBSCRIPTION,
                    "no subscription " + m.subscriptionId() + " for this session");
            return;
        }
        if (!ctx.isAllowed(session, Action.UNSUBSCRIBE, sub.topic())) {
            ctx.rejectUnauthorized(session, MessageType.UNSUBSCRIBE, m.requestId(), Action.UNSUBSCRIBE, sub.topic());
            return;
        }
        remove(session, sub);
        session.send(new Unsubscribed(m.requestId(), Map.of()));
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
        long publicationId = ids.publicationId();
        Subscription sub = byTopic.get(m.topic());
        if (sub != null) {
            boolean excludeMe = m.excludeMe();
            Event event = new Event(sub.id(), publicationId, Map.of(), m.payload());
            for (WampSession subscriber : sub.subscribers()) {
                if (!(excludeMe && subscriber == publisher)) {
                    subscriber.send(event);
                }
            }
        }
        if (m.acknowledge()) {
            publisher.send(new Published(m.requestId(), publicationId));
        }
    }

    void removeSession(WampSession session) {
        for (Subscription sub : java.util.List.copyOf(session.subscriptions())) {
            remove(session, sub);
        }
    }

    private void remove(WampSession session, Subscription sub) {
        session.subscriptions().remove(sub);
        byTopic.computeIfPresent(sub.topic(), (topic, s) -> {
            s.subscribers().remove(session);
            if (s.subscribers().isEmpty()) {
                byId.remove(s.id());
                return null;
            }
            return s;
        });
    }
}
