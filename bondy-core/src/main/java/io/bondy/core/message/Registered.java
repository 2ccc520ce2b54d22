package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;

/**
 * REGISTERED: {@code [REGISTERED, REGISTER.Request|id, Registration|id]}.
 */
public record Registered(long requestId, long registrationId) implements WampMessage {

    @Override
    public MessageType type() {
        return MessageType.REGISTERED;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.REGISTERED.code());
        wire.add(requestId);
        wire.add(registrationId);
        return wire;
    }

    static Registered decode(WireReader r) {
        r.arity(3, 3);
        long requestId = r.id(1, "REGISTER.Request");
        long registrationId = r.id(2, "Registration");
        return new Registered(requestId, registrationId);
    }
}
