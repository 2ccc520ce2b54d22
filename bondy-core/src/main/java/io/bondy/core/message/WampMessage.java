package io.bondy.core.message;

import java.util.List;

/**
 * One WAMP message. Each message type is an immutable record whose javadoc gives its wire form.
 *
 * <p>The records hold plain Java values only (String, Long, Double, Boolean, byte[], List, Map, null):
 * no serializer types leak into the model. Dicts handed to a constructor become owned by the message
 * and are exposed read-only.
 */
public sealed interface WampMessage
        permits Hello, Welcome, Abort, Challenge, Authenticate, Goodbye, Error, Publish, Published,
                Subscribe, Subscribed, Unsubscribe, Unsubscribed, Event, EventReceived, Call, Cancel,
                Result, Register, Registered, Unregister, Unregistered, Invocation, Interrupt, Yield {

    MessageType type();

    /** The message as the spec's array, ready for any serializer. */
    List<Object> toWire();

    /**
     * Decodes a message from its array form, validating arity, element types, IDs and known options.
     *
     * @throws ProtocolViolationException for anything that is not a valid WAMP message
     */
    static WampMessage fromWire(List<?> wire) {
        return WampCodec.decode(wire);
    }
}
