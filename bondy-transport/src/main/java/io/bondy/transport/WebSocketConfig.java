package io.bondy.transport;

import java.time.Duration;

/**
 * The WebSocket listener ({@code wamp.websocket.*} and {@code api_gateway.http.*} keys).
 *
 * @param enabled            whether to listen at all
 * @param host               the address to bind
 * @param port               the port to bind; 0 picks a free one
 * @param path               the HTTP path of the WebSocket endpoint, e.g. {@code /ws}
 * @param maxFrameSize       the largest WAMP message (reassembled frame) accepted, in bytes
 * @param handshakeTimeout   how long a connection may take from its accept to its WELCOME: the HTTP
 *                           upgrade, HELLO and authentication
 * @param idleTimeout        close a connection that sent nothing for this long
 * @param httpRequestTimeout how long an HTTP request on this port (the upgrade, an OAuth2 request) may
 *                           take from its first byte to its last
 * @param maxConnections     the most connections open at once; more are refused with HTTP 503
 * @param compression        negotiate permessage-deflate (RFC 7692) with clients that offer it; a message
 *                           is inflated up to {@code maxFrameSize} at most (a larger one closes with 1009)
 */
public record WebSocketConfig(boolean enabled, String host, int port, String path, int maxFrameSize,
                              Duration handshakeTimeout, Duration idleTimeout, Duration httpRequestTimeout,
                              int maxConnections, boolean compression) {

    /** Without compression. */
    public WebSocketConfig(boolean enabled, String host, int port, String path, int maxFrameSize,
                           Duration handshakeTimeout, Duration idleTimeout, Duration httpRequestTimeout,
                           int maxConnections) {
        this(enabled, host, port, path, maxFrameSize, handshakeTimeout, idleTimeout, httpRequestTimeout,
                maxConnections, false);
    }

    /** The same listener with permessage-deflate on or off. */
    public WebSocketConfig withCompression(boolean on) {
        return new WebSocketConfig(enabled, host, port, path, maxFrameSize, handshakeTimeout, idleTimeout,
                httpRequestTimeout, maxConnections, on);
    }

    /** The default HTTP request timeout ({@code api_gateway.http.request_timeout}). */
    public static final Duration DEFAULT_HTTP_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The default connection cap ({@code api_gateway.http.max_connections}). */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /** A listener with the default HTTP request timeout and connection cap. */
    public WebSocketConfig(boolean enabled, String host, int port, String path, int maxFrameSize,
                           Duration handshakeTimeout, Duration idleTimeout) {
        this(enabled, host, port, path, maxFrameSize, handshakeTimeout, idleTimeout, DEFAULT_HTTP_REQUEST_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS);
    }
}
