package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * PUBLISH: {@code [PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict]}.
 */
public record Publish(long requestId, Map<String, Object> options, String topic, Payload payload) implements WampMessage {

    public Publish {
        options = Dicts.frozen(options);
        Objects.requireNonNull(topic, "topic");
        payload = payload == null ? Payload.NONE : payload;
    }

    @Override
    public MessageType type() {
        return MessageType.PUBLISH;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.PUBLISH.code());
        wire.add(requestId);
        wire.add(options);
        wire.add(topic);
        WireWriter.addPayload(wire, payload);
        return wire;
    }

    static Publish decode(WireReader r) {
        r.arity(4, 6);
        long requestId = r.id(1, "Request");
        Map<String, Object> options = r.options(2, "Options");
        String topic = r.string(3, "Topic");
        Payload payload = r.payload(4);
        return new Publish(requestId, options, topic, payload);
    }

    /** {@code acknowledge}: the publisher wants PUBLISHED or ERROR back (default false). */
    public boolean acknowledge() {
        return Dicts.bool(options, "acknowledge", false);
    }

    /** {@code exclude_me}: the publisher does not receive its own event (default true). */
    public boolean excludeMe() {
        return Dicts.bool(options, "exclude_me", true);
    }

    /** {@code disclose_me}: the publisher asks to be identified to subscribers (default false). */
    public boolean discloseMe() {
        return Dicts.bool(options, "disclose_me", false);
    }

    /** {@code retain}: the broker keeps this event for later subscribers asking for it (default false). */
    public boolean retain() {
        return Dicts.bool(options, "retain", false);
    }
}
