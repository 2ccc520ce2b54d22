package io.bondy.core.spi;

import io.bondy.core.message.MessageType;

/**
 * What the router counts. The server binds it to Micrometer; the default counts nothing.
 *
 * <p>Threading: called from every transport thread; implementations must be thread-safe and cheap.
 */
public interface RouterMetrics {

    RouterMetrics NOOP = new RouterMetrics() {
    };

    default void sessionOpened(String realm) {
    }

    default void sessionClosed(String realm) {
    }

    default void messageReceived(MessageType type) {
    }

    default void messageSent(MessageType type) {
    }

    default void errorSent(String errorUri) {
    }

    default void protocolViolation() {
    }

    /** A message to a session was dropped because its outbound queue was full. */
    default void outboundDropped(MessageType type) {
    }

    /** An event for a slow subscriber of {@code realm} was dropped (slow-subscriber policy {@code drop}). */
    default void eventDropped(String realm) {
    }

    /** A slow subscriber's session in {@code realm} was closed (slow-subscriber policy {@code close}). */
    default void slowSubscriberClosed(String realm) {
    }
}
