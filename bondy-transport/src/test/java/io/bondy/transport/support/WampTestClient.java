package io.bondy.transport.support;

import io.bondy.core.message.Hello;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import java.util.Map;

/** What the real-socket tests need of a WAMP client, whatever its transport. */
public interface WampTestClient extends AutoCloseable {

    void send(WampMessage message);

    /** The next message, waiting a few seconds at most; fails if none arrives. */
    WampMessage next();

    /** True once the server has closed the connection (waits a few seconds at most). */
    boolean awaitClosed();

    @Override
    void close();

    default <T extends WampMessage> T next(Class<T> type) {
        WampMessage m = next();
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + m);
        }
        return type.cast(m);
    }

    /** Sends HELLO for {@code realm1} with every client role and returns the WELCOME. */
    default Welcome join() {
        send(hello());
        return next(Welcome.class);
    }

    static Hello hello() {
        return new Hello("realm1", Map.of("roles", Map.of("caller", Map.of(), "callee", Map.of(),
                "publisher", Map.of(), "subscriber", Map.of())));
    }
}
