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
 * @param handshakeTimeout how long a client may take to send the 4-octet handshake and HELLO
 * @param idleTimeout      close a connection that sent nothing for this long
 */
public record RawSocketConfig(boolean enabled, String host, int port, int maxMessageLength,
                              Duration handshakeTimeout, Duration idleTimeout) {
}
