package io.bondy.gateway.api;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The API gateway's limits and options ({@code api_gateway.*}).
 *
 * @param maxBodyBytes          the largest request body on the gateway's port (a path's {@code body_max_bytes}
 *                              may only lower it)
 * @param maxForwardResponseBytes the largest upstream response body a {@code forward} action takes
 * @param maxActionTimeout      the longest any action may wait (a spec's {@code timeout} of 0 or more is cut to this)
 * @param keepAliveTimeout      an idle keep-alive connection (between API requests) is closed after this
 * @param authThreads           threads checking credentials (password hashing)
 * @param maxQueuedAuth         credential checks waiting for them; more get 503
 * @param forwardThreads        threads of the forward client
 * @param maxPendingRequests    pipelined requests a connection may queue behind the one being answered
 * @param corsAllowedOrigins    origins answered with CORS headers when a spec sets none (empty: off; "*": any)
 * @param reservedPaths         paths no API may take (the WebSocket and OAuth2 endpoints)
 * @param configFile            a spec file loaded at start (one spec or a list), or null
 */
public record GatewaySettings(long maxBodyBytes, long maxForwardResponseBytes, Duration maxActionTimeout,
                              Duration keepAliveTimeout, int authThreads, int maxQueuedAuth, int forwardThreads,
                              int maxPendingRequests, List<String> corsAllowedOrigins, Set<String> reservedPaths,
                              java.nio.file.Path configFile) {

    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    /** Defaults, for tests and embedding. */
    public static GatewaySettings defaults() {
        return new GatewaySettings(DEFAULT_MAX_BODY_BYTES, 16L * 1024 * 1024, Duration.ofMinutes(10),
                Duration.ofSeconds(60), 2, 256, 2, 16, List.of(), Set.of("/ws", "/oauth/token", "/oauth/revoke"),
                null);
    }

    public GatewaySettings withReservedPaths(Set<String> paths) {
        return new GatewaySettings(maxBodyBytes, maxForwardResponseBytes, maxActionTimeout, keepAliveTimeout,
                authThreads, maxQueuedAuth, forwardThreads, maxPendingRequests, corsAllowedOrigins, paths, configFile);
    }

    public GatewaySettings withConfigFile(java.nio.file.Path file) {
        return new GatewaySettings(maxBodyBytes, maxForwardResponseBytes, maxActionTimeout, keepAliveTimeout,
                authThreads, maxQueuedAuth, forwardThreads, maxPendingRequests, corsAllowedOrigins, reservedPaths, file);
    }
}
