package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * REGISTER: {@code [REGISTER, Request|id, Options|dict, Procedure|uri]}.
 */
public record Register(long requestId, Map<String, Object> options, String procedure) implements WampMessage {

    public Register {
        options = Dicts.frozen(options);
        Objects.requireNonNull(procedure, "procedure");
    }

    @Override
    public MessageType type() {
        return MessageType.REGISTER;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.REGISTER.code());
        wire.add(requestId);
        wire.add(options);
        wire.add(procedure);
        return wire;
    }

    static Register decode(WireReader r) {
        r.arity(4, 4);
        long requestId = r.id(1, "Request");
        Map<String, Object> options = r.options(2, "Options");
        String procedure = r.string(3, "Procedure");
        return new Register(requestId, options, procedure);
    }

    /** {@code match}: exact (default), prefix or wildcard. */
    public MatchPolicy match() {
        return MatchPolicy.fromOptions(options);
    }
}
