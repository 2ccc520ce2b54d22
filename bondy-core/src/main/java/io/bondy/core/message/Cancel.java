package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CANCEL: {@code [CANCEL, CALL.Request|id, Options|dict]}.
 */
public record Cancel(long requestId, Map<String, Object> options) implements WampMessage {

    public Cancel {
        options = Dicts.frozen(options);
    }

    @Override
    public MessageType type() {
        return MessageType.CANCEL;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.CANCEL.code());
        wire.add(requestId);
        wire.add(options);
        return wire;
    }

    static Cancel decode(WireReader r) {
        r.arity(3, 3);
        long requestId = r.id(1, "CALL.Request");
        Map<String, Object> options = r.options(2, "Options");
        return new Cancel(requestId, options);
    }
}
