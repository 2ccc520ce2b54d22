package io.bondy.transport;

import java.time.Duration;

/**
 * The RawSocket listener ({@code wamp.tcp.*} keys).
 *
 * @param enabled          whether to listen at all
 * @param host             the address to bind
 * @param port             the port to bind; 0 picks a free one
 * @param maxMessageLength the largest message the router accepts, in bytes: a power of two between
 *                         512 and 16 MiB, announced in the handshake reply
 * @param handshakeTimeout how long a connection may take from its accept to its WELCOME: the 4-octet
 *                         handshake, HELLO and authentication
 * @param idleTimeout      close a connection that sent nothing for this long
 * @param maxConnections   the most connections open at once; more get the handshake error 4
 *                         ("maximum connection count reached")
 */
public record RawSocketConfig(boolean enabled, String host, int port, int maxMessageLength,
                              Duration handshakeTimeout, Duration idleTimeout, int maxConnections) {

    /** The default connection cap ({@code wamp.tcp.max_connections}). */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /** A listener with the default connection cap. */
    public RawSocketConfig(boolean enabled, String host, int port, int maxMessageLength, Duration handshakeTimeout,
                           Duration idleTimeout) {
        this(enabled, host, port, maxMessageLength, handshakeTimeout, idleTimeout, DEFAULT_MAX_CONNECTIONS);
    }
}
