package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * GOODBYE: {@code [GOODBYE, Details|dict, Reason|uri]}.
 */
public record Goodbye(Map<String, Object> details, String reason) implements WampMessage {

    public Goodbye {
        details = Dicts.frozen(details);
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public MessageType type() {
        return MessageType.GOODBYE;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.GOODBYE.code());
        wire.add(details);
        wire.add(reason);
        return wire;
    }

    static Goodbye decode(WireReader r) {
        r.arity(3, 3);
        Map<String, Object> details = r.dict(1, "Details");
        String reason = r.string(2, "Reason");
        return new Goodbye(details, reason);
    }
}
