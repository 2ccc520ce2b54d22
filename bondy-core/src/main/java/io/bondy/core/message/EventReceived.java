package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EVENT_RECEIVED: {@code [EVENT_RECEIVED, EVENT.Publication|id] or [EVENT_RECEIVED, EVENT.Publication|id, Details|dict, Arguments|list, ArgumentsKw|dict]}.
 */
public record EventReceived(long publicationId, Map<String, Object> details, Payload payload) implements WampMessage {

    public EventReceived {
        details = Dicts.frozen(details);
        payload = payload == null ? Payload.NONE : payload;
    }

    @Override
    public MessageType type() {
        return MessageType.EVENT_RECEIVED;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.EVENT_RECEIVED.code());
        wire.add(publicationId);
        if (!details.isEmpty() || !Payload.NONE.equals(payload)) {
            wire.add(details);
        }
        WireWriter.addPayload(wire, payload);
        return wire;
    }

    static EventReceived decode(WireReader r) {
        r.arity(2, 5);
        long publicationId = r.id(1, "EVENT.Publication");
        Map<String, Object> details = r.size() > 2 ? r.dict(2, "Details") : Map.of();
        Payload payload = r.payload(3);
        return new EventReceived(publicationId, details, payload);
    }
}
