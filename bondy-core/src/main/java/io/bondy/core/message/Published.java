package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;

/**
 * PUBLISHED: {@code [PUBLISHED, PUBLISH.Request|id, Publication|id]}.
 */
public record Published(long requestId, long publicationId) implements WampMessage {

    @Override
    public MessageType type() {
        return MessageType.PUBLISHED;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.PUBLISHED.code());
        wire.add(requestId);
        wire.add(publicationId);
        return wire;
    }

    static Published decode(WireReader r) {
        r.arity(3, 3);
        long requestId = r.id(1, "PUBLISH.Request");
        long publicationId = r.id(2, "Publication");
        return new Published(requestId, publicationId);
    }
}
