package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SUBSCRIBE: {@code [SUBSCRIBE, Request|id, Options|dict, Topic|uri]}.
 */
public record Subscribe(long requestId, Map<String, Object> options, String topic) implements WampMessage {

    public Subscribe {
        options = Dicts.frozen(options);
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public MessageType type() {
        return MessageType.SUBSCRIBE;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.SUBSCRIBE.code());
        wire.add(requestId);
        wire.add(options);
        wire.add(topic);
        return wire;
    }

    static Subscribe decode(WireReader r) {
        r.arity(4, 4);
        long requestId = r.id(1, "Request");
        Map<String, Object> options = r.options(2, "Options");
        String topic = r.string(3, "Topic");
        return new Subscribe(requestId, options, topic);
    }

    /** {@code match}: exact (default), prefix or wildcard. */
    public MatchPolicy match() {
        return MatchPolicy.fromOptions(options);
    }

    /** {@code get_retained}: the subscriber wants the retained event(s) at once (default false). */
    public boolean getRetained() {
        return Dicts.bool(options, "get_retained", false);
    }
}
