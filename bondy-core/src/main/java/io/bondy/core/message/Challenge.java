package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CHALLENGE: {@code [CHALLENGE, AuthMethod|string, Extra|dict]}.
 */
public record Challenge(String authMethod, Map<String, Object> extra) implements WampMessage {

    public Challenge {
        Objects.requireNonNull(authMethod, "authMethod");
        extra = Dicts.frozen(extra);
    }

    @Override
    public MessageType type() {
        return MessageType.CHALLENGE;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.CHALLENGE.code());
        wire.add(authMethod);
        wire.add(extra);
        return wire;
    }

    static Challenge decode(WireReader r) {
        r.arity(3, 3);
        String authMethod = r.string(1, "AuthMethod");
        Map<String, Object> extra = r.dict(2, "Extra");
        return new Challenge(authMethod, extra);
    }
}
