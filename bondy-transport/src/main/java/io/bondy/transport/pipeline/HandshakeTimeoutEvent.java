package io.bondy.transport.pipeline;

import java.time.Duration;

/**
 * Fired by the {@link HandshakeTimeoutHandler} when a connection has not got its WELCOME in time.
 * The handler that closes the connection (the {@link WampSessionHandler}, once a session exists)
 * marks it {@linkplain #handled() handled}; otherwise the timeout handler closes it itself.
 *
 * <p>Threading: event loop only.
 */
public final class HandshakeTimeoutEvent {

    private final Duration timeout;
    private boolean handled;

    HandshakeTimeoutEvent(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public void handled() {
        handled = true;
    }

    public boolean isHandled() {
        return handled;
    }
}
