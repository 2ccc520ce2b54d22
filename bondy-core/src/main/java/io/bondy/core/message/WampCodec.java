package io.bondy.core.message;

import java.util.List;
import java.util.function.Function;

/** Turns a message array into a validated {@link WampMessage}. */
final class WampCodec {

    private WampCodec() {
    }

    static WampMessage decode(List<?> wire) {
        if (wire == null || wire.isEmpty()) {
            throw new ProtocolViolationException("a WAMP message must be a non-empty array");
        }
        Object code = wire.get(0);
        if (!(code instanceof Integer || code instanceof Long)) {
            throw new ProtocolViolationException("the message type must be an integer, got "
                    + WireReader.describe(code));
        }
        MessageType type = MessageType.of(((Number) code).longValue())
                .orElseThrow(() -> new ProtocolViolationException("unknown message type " + code));
        WireReader r = new WireReader(type, wire);
        WampMessage message = decoder(type).apply(r);
        OptionRules.check(message);
        return message;
    }

    private static Function<WireReader, ? extends WampMessage> decoder(MessageType type) {
        return switch (type) {
            case HELLO -> Hello::decode;
            case WELCOME -> Welcome::decode;
            case ABORT -> Abort::decode;
            case CHALLENGE -> Challenge::decode;
            case AUTHENTICATE -> Authenticate::decode;
            case GOODBYE -> Goodbye::decode;
            case ERROR -> Error::decode;
            case PUBLISH -> Publish::decode;
            case PUBLISHED -> Published::decode;
            case SUBSCRIBE -> Subscribe::decode;
            case SUBSCRIBED -> Subscribed::decode;
            case UNSUBSCRIBE -> Unsubscribe::decode;
            case UNSUBSCRIBED -> Unsubscribed::decode;
            case EVENT -> Event::decode;
            case EVENT_RECEIVED -> EventReceived::decode;
            case CALL -> Call::decode;
            case CANCEL -> Cancel::decode;
            case RESULT -> Result::decode;
            case REGISTER -> Register::decode;
            case REGISTERED -> Registered::decode;
            case UNREGISTER -> Unregister::decode;
            case UNREGISTERED -> Unregistered::decode;
            case INVOCATION -> Invocation::decode;
            case INTERRUPT -> Interrupt::decode;
            case YIELD -> Yield::decode;
        };
    }
}
