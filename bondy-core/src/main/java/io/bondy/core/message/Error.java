package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ERROR: {@code [ERROR, REQUEST.Type|int, REQUEST.Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict]}.
 */
public record Error(int requestType, long requestId, Map<String, Object> details, String error, Payload payload) implements WampMessage {

    public Error {
        details = Dicts.frozen(details);
        Objects.requireNonNull(error, "error");
        payload = payload == null ? Payload.NONE : payload;
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.ERROR.code());
        wire.add(requestType);
        wire.add(requestId);
        wire.add(details);
        wire.add(error);
        WireWriter.addPayload(wire, payload);
        return wire;
    }

    static Error decode(WireReader r) {
        r.arity(5, 7);
        long requestType = r.integer(1, "REQUEST.Type");
        if (requestType < 0 || requestType > Integer.MAX_VALUE) {
            // an unchecked (int) cast would silently turn e.g. 2^32 + 48 into 48 (CALL)
            throw r.violation("REQUEST.Type " + requestType + " is not a message type code");
        }
        long requestId = r.id(2, "REQUEST.Request");
        Map<String, Object> details = r.options(3, "Details");
        String error = r.string(4, "Error");
        Payload payload = r.payload(5);
        return new Error((int) requestType, requestId, details, error, payload);
    }
}
