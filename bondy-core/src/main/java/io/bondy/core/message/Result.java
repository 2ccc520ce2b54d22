package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RESULT: {@code [RESULT, CALL.Request|id, Details|dict, YIELD.Arguments|list, YIELD.ArgumentsKw|dict]}.
 */
public record Result(long requestId, Map<String, Object> details, Payload payload) implements WampMessage {

    public Result {
        details = Dicts.frozen(details);
        payload = payload == null ? Payload.NONE : payload;
    }

    @Override
    public MessageType type() {
        return MessageType.RESULT;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.RESULT.code());
        wire.add(requestId);
        wire.add(details);
        WireWriter.addPayload(wire, payload);
        return wire;
    }

    static Result decode(WireReader r) {
        r.arity(3, 5);
        long requestId = r.id(1, "CALL.Request");
        Map<String, Object> details = r.dict(2, "Details");
        Payload payload = r.payload(3);
        return new Result(requestId, details, payload);
    }
}
