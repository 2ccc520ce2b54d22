package io.bondy.server.admin;

import java.time.Duration;

/**
 * The admin HTTP listener ({@code admin_api.http.*}).
 *
 * @param enabled        whether to listen
 * @param host           the address to bind
 * @param port           the port to bind; 0 picks a free one
 * @param requestTimeout how long a request may take from its first byte to its last; then 408 and close
 * @param idleTimeout    how long a connection may wait for its next request (after its accept or the
 *                       last answer); then it is closed
 * @param maxConnections the most connections open at once; more are refused with 503
 */
public record AdminHttpConfig(boolean enabled, String host, int port, Duration requestTimeout, Duration idleTimeout,
                              int maxConnections) {

    /** A listener with the default deadlines (10 s each) and cap (256 connections). */
    public AdminHttpConfig(boolean enabled, String host, int port) {
        this(enabled, host, port, Duration.ofSeconds(10), Duration.ofSeconds(10), 256);
    }
}
