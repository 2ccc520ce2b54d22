package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * UNREGISTERED: {@code [UNREGISTERED, UNREGISTER.Request|id] or [UNREGISTERED, UNREGISTER.Request|id, Details|dict]}.
 */
public record Unregistered(long requestId, Map<String, Object> details) implements WampMessage {

    public Unregistered {
        details = Dicts.frozen(details);
    }

    @Override
    public MessageType type() {
        return MessageType.UNREGISTERED;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.UNREGISTERED.code());
        wire.add(requestId);
        if (!details.isEmpty()) {
            wire.add(details);
        }
        return wire;
    }

    static Unregistered decode(WireReader r) {
        r.arity(2, 3);
        long requestId = r.id(1, "UNREGISTER.Request");
        Map<String, Object> details = r.size() > 2 ? r.dict(2, "Details") : Map.of();
        return new Unregistered(requestId, details);
    }
}
