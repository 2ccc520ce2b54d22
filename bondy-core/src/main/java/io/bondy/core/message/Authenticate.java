package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * AUTHENTICATE: {@code [AUTHENTICATE, Signature|string, Extra|dict]}.
 */
public record Authenticate(String signature, Map<String, Object> extra) implements WampMessage {

    public Authenticate {
        Objects.requireNonNull(signature, "signature");
        extra = Dicts.frozen(extra);
    }

    @Override
    public MessageType type() {
        return MessageType.AUTHENTICATE;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.AUTHENTICATE.code());
        wire.add(signature);
        wire.add(extra);
        return wire;
    }

    static Authenticate decode(WireReader r) {
        r.arity(3, 3);
        String signature = r.string(1, "Signature");
        Map<String, Object> extra = r.dict(2, "Extra");
        return new Authenticate(signature, extra);
    }
}
