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

    /**
     * A call in {@code realm} ended with its final RESULT ({@code ok}) or an ERROR, {@code nanos} after
     * the dealer accepted the CALL (the router's view of call latency, callee time included).
     */
    default void callCompleted(String realm, long nanos, boolean ok) {
    }

    /** {@code bytes} of WAMP messages read from a connection of {@code transport} (websocket, rawsocket). */
    default void bytesReceived(String transport, int bytes) {
    }

    /** {@code bytes} of WAMP messages written to a connection of {@code transport}. */
    default void bytesSent(String transport, int bytes) {
    }

    /**
     * A connection to {@code listener} ({@code websocket}, {@code rawsocket}, {@code admin_http}) was
     * refused because the listener had its maximum number of connections.
     */
    default void connectionRefused(String listener) {
    }

    /**
     * A connection of {@code listener} was closed by a deadline: {@code handshake} (no WELCOME in time),
     * {@code request} (an HTTP request not complete in time) or {@code idle} (nothing received).
     */
    default void connectionTimedOut(String listener, String deadline) {
    }
}
