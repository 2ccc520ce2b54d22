package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * INVOCATION: {@code [INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict, CALL.Arguments|list, CALL.ArgumentsKw|dict]}.
 */
public record Invocation(long requestId, long registrationId, Map<String, Object> details, Payload payload) implements WampMessage {

    public Invocation {
        details = Dicts.frozen(details);
        payload = payload == null ? Payload.NONE : payload;
    }

    @Override
    public MessageType type() {
        return MessageType.INVOCATION;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.INVOCATION.code());
        wire.add(requestId);
        wire.add(registrationId);
        wire.add(details);
        WireWriter.addPayload(wire, payload);
        return wire;
    }

    static Invocation decode(WireReader r) {
        r.arity(4, 6);
        long requestId = r.id(1, "Request");
        long registrationId = r.id(2, "REGISTERED.Registration");
        Map<String, Object> details = r.dict(3, "Details");
        Payload payload = r.payload(4);
        return new Invocation(requestId, registrationId, details, payload);
    }
}
