package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CALL: {@code [CALL, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict]}.
 */
public record Call(long requestId, Map<String, Object> options, String procedure, Payload payload) implements WampMessage {

    public Call {
        options = Dicts.frozen(options);
        Objects.requireNonNull(procedure, "procedure");
        payload = payload == null ? Payload.NONE : payload;
    }

    @Override
    public MessageType type() {
        return MessageType.CALL;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.CALL.code());
        wire.add(requestId);
        wire.add(options);
        wire.add(procedure);
        WireWriter.addPayload(wire, payload);
        return wire;
    }

    static Call decode(WireReader r) {
        r.arity(4, 6);
        long requestId = r.id(1, "Request");
        Map<String, Object> options = r.options(2, "Options");
        String procedure = r.string(3, "Procedure");
        Payload payload = r.payload(4);
        return new Call(requestId, options, procedure, payload);
    }
}
