package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EVENT: {@code [EVENT, SUBSCRIBED.Subscription|id, PUBLISHED.Publication|id, Details|dict, PUBLISH.Arguments|list, PUBLISH.ArgumentsKw|dict]}.
 */
public record Event(long subscriptionId, long publicationId, Map<String, Object> details, Payload payload) implements WampMessage {

    public Event {
        details = Dicts.frozen(details);
        payload = payload == null ? Payload.NONE : payload;
    }

    @Override
    public MessageType type() {
        return MessageType.EVENT;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.EVENT.code());
        wire.add(subscriptionId);
        wire.add(publicationId);
        wire.add(details);
        WireWriter.addPayload(wire, payload);
        return wire;
    }

    static Event decode(WireReader r) {
        r.arity(4, 6);
        long subscriptionId = r.id(1, "SUBSCRIBED.Subscription");
        long publicationId = r.id(2, "PUBLISHED.Publication");
        Map<String, Object> details = r.dict(3, "Details");
        Payload payload = r.payload(4);
        return new Event(subscriptionId, publicationId, details, payload);
    }
}
