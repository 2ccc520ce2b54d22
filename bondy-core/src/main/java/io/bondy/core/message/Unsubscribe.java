package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;

/**
 * UNSUBSCRIBE: {@code [UNSUBSCRIBE, Request|id, SUBSCRIBED.Subscription|id]}.
 */
public record Unsubscribe(long requestId, long subscriptionId) implements WampMessage {

    @Override
    public MessageType type() {
        return MessageType.UNSUBSCRIBE;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.UNSUBSCRIBE.code());
        wire.add(requestId);
        wire.add(subscriptionId);
        return wire;
    }

    static Unsubscribe decode(WireReader r) {
        r.arity(3, 3);
        long requestId = r.id(1, "Request");
        long subscriptionId = r.id(2, "SUBSCRIBED.Subscription");
        return new Unsubscribe(requestId, subscriptionId);
    }
}
