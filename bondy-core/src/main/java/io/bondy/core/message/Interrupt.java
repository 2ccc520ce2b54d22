package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * INTERRUPT: {@code [INTERRUPT, INVOCATION.Request|id, Options|dict]}.
 */
public record Interrupt(long requestId, Map<String, Object> options) implements WampMessage {

    public Interrupt {
        options = Dicts.frozen(options);
    }

    @Override
    public MessageType type() {
        return MessageType.INTERRUPT;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.INTERRUPT.code());
        wire.add(requestId);
        wire.add(options);
        return wire;
    }

    static Interrupt decode(WireReader r) {
        r.arity(3, 3);
        long requestId = r.id(1, "INVOCATION.Request");
        Map<String, Object> options = r.options(2, "Options");
        return new Interrupt(requestId, options);
    }
}
