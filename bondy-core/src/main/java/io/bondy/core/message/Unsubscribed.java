package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * UNSUBSCRIBED: {@code [UNSUBSCRIBED, UNSUBSCRIBE.Request|id] or [UNSUBSCRIBED, UNSUBSCRIBE.Request|id, Details|dict]}.
 */
public record Unsubscribed(long requestId, Map<String, Object> details) implements WampMessage {

    public Unsubscribed {
        details = Dicts.frozen(details);
    }

    @Override
    public MessageType type() {
        return MessageType.UNSUBSCRIBED;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.UNSUBSCRIBED.code());
        wire.add(requestId);
        if (!details.isEmpty()) {
            wire.add(details);
        }
        return wire;
    }

    static Unsubscribed decode(WireReader r) {
        r.arity(2, 3);
        long requestId = r.id(1, "UNSUBSCRIBE.Request");
        Map<String, Object> details = r.size() > 2 ? r.dict(2, "Details") : Map.of();
        return new Unsubscribed(requestId, details);
    }
}
