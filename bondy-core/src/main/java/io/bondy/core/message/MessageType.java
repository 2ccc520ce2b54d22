package io.bondy.core.message;

import java.util.Optional;

/** WAMP message codes, as the spec assigns them. */
public enum MessageType {
    HELLO(1),
    WELCOME(2),
    ABORT(3),
    CHALLENGE(4),
    AUTHENTICATE(5),
    GOODBYE(6),
    ERROR(8),
    PUBLISH(16),
    PUBLISHED(17),
    SUBSCRIBE(32),
    SUBSCRIBED(33),
    UNSUBSCRIBE(34),
    UNSUBSCRIBED(35),
    EVENT(36),
    CALL(48),
    CANCEL(49),
    RESULT(50),
    REGISTER(64),
    REGISTERED(65),
    UNREGISTER(66),
    UNREGISTERED(67),
    INVOCATION(68),
    INTERRUPT(69),
    YIELD(70),
    EVENT_RECEIVED(337);

    private static final MessageType[] BY_CODE = new MessageType[338];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a wire code; empty for a code the spec does not define. */
    public static Optional<MessageType> of(long code) {
        if (code < 0 || code >= BY_CODE.length) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[(int) code]);
    }
}
