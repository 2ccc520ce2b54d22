package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;

/**
 * UNREGISTER: {@code [UNREGISTER, Request|id, REGISTERED.Registration|id]}.
 */
public record Unregister(long requestId, long registrationId) implements WampMessage {

    @Override
    public MessageType type() {
        return MessageType.UNREGISTER;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.UNREGISTER.code());
        wire.add(requestId);
        wire.add(registrationId);
        return wire;
    }

    static Unregister decode(WireReader r) {
        r.arity(3, 3);
        long requestId = r.id(1, "Request");
        long registrationId = r.id(2, "REGISTERED.Registration");
        return new Unregister(requestId, registrationId);
    }
}
