package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBED: {@code [SUBSCRIBED, SUBSCRIBE.Request|id, Subscription|id]}.
 */
public record Subscribed(long requestId, long subscriptionId) implements WampMessage {

    @Override
    public MessageType type() {
        return MessageType.SUBSCRIBED;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.SUBSCRIBED.code());
        wire.add(requestId);
        wire.add(subscriptionId);
        return wire;
    }

    static Subscribed decode(WireReader r) {
        r.arity(3, 3);
        long requestId = r.id(1, "SUBSCRIBE.Request");
        long subscriptionId = r.id(2, "Subscription");
        return new Subscribed(requestId, subscriptionId);
    }
}
