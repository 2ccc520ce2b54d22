package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * YIELD: {@code [YIELD, INVOCATION.Request|id, Options|dict, Arguments|list, ArgumentsKw|dict]}.
 */
public record Yield(long requestId, Map<String, Object> options, Payload payload) implements WampMessage {

    public Yield {
        options = Dicts.frozen(options);
        payload = payload == null ? Payload.NONE : payload;
    }

    /** {@code progress}: a progressive result, more follow (default false). */
    public boolean progress() {
        return Dicts.bool(options, "progress", false);
    }

    @Override
    public MessageType type() {
        return MessageType.YIELD;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.YIELD.code());
        wire.add(requestId);
        wire.add(options);
        WireWriter.addPayload(wire, payload);
        return wire;
    }

    static Yield decode(WireReader r) {
        r.arity(3, 5);
        long requestId = r.id(1, "INVOCATION.Request");
        Map<String, Object> options = r.options(2, "Options");
        Payload payload = r.payload(3);
        return new Yield(requestId, options, payload);
    }
}
