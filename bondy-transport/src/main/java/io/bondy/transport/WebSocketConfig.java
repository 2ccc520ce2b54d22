package io.bondy.transport;

import java.time.Duration;

/**
 * The WebSocket listener ({@code wamp.websocket.*} and {@code api_gateway.http.*} keys).
 *
 * @param enabled          whether to listen at all
 * @param host             the address to bind
 * @param port             the port to bind; 0 picks a free one
 * @param path             the HTTP path of the WebSocket endpoint, e.g. {@code /ws}
 * @param maxFrameSize     the largest WAMP message (reassembled frame) accepted, in bytes
 * @param handshakeTimeout how long a connection may take to complete the HTTP upgrade and HELLO
 * @param idleTimeout      close a connection that sent nothing for this long
 */
public record WebSocketConfig(boolean enabled, String host, int port, String path, int maxFrameSize,
                              Duration handshakeTimeout, Duration idleTimeout) {
}
