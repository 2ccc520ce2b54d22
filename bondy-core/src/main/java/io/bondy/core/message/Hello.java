package io.bondy.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * HELLO: {@code [HELLO, Realm|uri, Details|dict]}.
 */
public record Hello(String realm, Map<String, Object> details) implements WampMessage {

    public Hello {
        Objects.requireNonNull(realm, "realm");
        details = Dicts.frozen(details);
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public List<Object> toWire() {
        List<Object> wire = new ArrayList<>(6);
        wire.add(MessageType.HELLO.code());
        wire.add(realm);
        wire.add(details);
        return wire;
    }

    static Hello decode(WireReader r) {
        r.arity(3, 3);
        String realm = r.string(1, "Realm");
        Map<String, Object> details = r.options(2, "Details");
        return new Hello(realm, details);
    }

    /** The auth methods the client offers, in its order of preference. */
    public java.util.List<String> authMethods() {
        if (details.get("authmethods") instanceof java.util.List<?> l) {
            return l.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return java.util.List.of();
    }

    /** The roles dict the client announced (empty when missing). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> roles() {
        return details.get("roles") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
