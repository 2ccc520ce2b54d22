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
     * A message of a call in {@code realm} could not be queued because its session's outbound queue was
     * full: an INVOCATION (or the next chunk of one) to the callee, or a RESULT or ERROR to the caller.
     * The dealer ended the call: the caller got (or was offered) ERROR {@code wamp.error.canceled}, the
     * callee an INTERRUPT if it had the invocation and can be interrupted.
     */
    default void callUndeliverable(String realm, MessageType type) {
    }

    /**
     * A callee answered (YIELD or ERROR) an invocation that no longer waits: its caller left, canceled
     * or timed out, or the answer came twice. The answer is dropped.
     */
    default void lateAnswerDropped(String realm) {
    }

    /**
     * A PUBLISH in {@code realm} was refused ({@code reason}: {@code invalid_uri}, {@code reserved_topic}
     * (a client publishing to {@code wamp.*} or {@code bondy.*}), {@code not_authorized}); an
     * acknowledged one was answered with ERROR, an unacknowledged one dropped.
     */
    default void publishRefused(String realm, String reason) {
    }

    /**
     * A call in {@code realm} ended with its final RESULT ({@code ok}) or an ERROR, {@code nanos} after
     * the dealer accepted the CALL (the router's view of call latency, callee time included).
     */
    default void callCompleted(String realm, long nanos, boolean ok) {
    }

    /**
     * A connection of {@code transport} (websocket, rawsocket) was closed after an error: {@code kind}
     * is {@code io} (reset, broken pipe), {@code premature_close} (closed mid-frame or mid-request),
     * {@code too_long}, {@code bad_input}, or {@code unexpected} (not the peer's doing).
     */
    default void transportError(String transport, String kind) {
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

    /**
     * A TLS handshake on {@code listener} ({@code websocket_tls}, {@code rawsocket_tls}, {@code admin_https})
     * failed and the connection was closed: {@code reason} is {@code not_tls} (plain text sent to the TLS
     * port), {@code certificate_expired} (an expired client certificate), {@code certificate} (a client
     * certificate missing or not signed by the listener's CA) or {@code protocol} (no common version or
     * cipher, a malformed handshake). A handshake not done by the listener's deadline counts in
     * {@link #connectionTimedOut} instead.
     */
    default void tlsHandshakeFailed(String listener, String reason) {
    }
}
