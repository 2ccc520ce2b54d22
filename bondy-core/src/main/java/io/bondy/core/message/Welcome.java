package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WELCOME: {@code [WELCOME, Session|id, Details|dict]}.
 */
public record Welcome(long session, Map<String, Object> details) implements WampMessage {

    public Welcome {
        details = Dicts.frozen(details);
    }

    @Override
    public MessageType type() {
        return MessageType.WELCOME;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.WELCOME.code());
        wire.add(session);
        wire.add(details);
        return wire;
    }

    static Welcome decode(WireReader r) {
        r.arity(3, 3);
        long session = r.id(1, "Session");
        Map<String, Object> details = r.dict(2, "Details");
        return new Welcome(session, details);
    }
}
