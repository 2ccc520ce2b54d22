package io.bondy.server.admin;

import io.bondy.transport.tls.TlsListener;
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
 * @param https          the HTTPS listener ({@code admin_api.https.*}): the same API and limits over TLS on
 *                       a port of its own; it may be on while the plain one is off
 */
public record AdminHttpConfig(boolean enabled, String host, int port, Duration requestTimeout, Duration idleTimeout,
                              int maxConnections, TlsListener https) {

    public AdminHttpConfig {
        https = https == null ? TlsListener.disabled() : https;
    }

    /** A plain listener only. */
    public AdminHttpConfig(boolean enabled, String host, int port, Duration requestTimeout, Duration idleTimeout,
                           int maxConnections) {
        this(enabled, host, port, requestTimeout, idleTimeout, maxConnections, null);
    }

    /** Whether any admin listener is on. */
    public boolean anyEnabled() {
        return enabled || https.enabled();
    }

    /** A listener with the default deadlines (10 s each) and cap (256 connections). */
    public AdminHttpConfig(boolean enabled, String host, int port) {
        this(enabled, host, port, Duration.ofSeconds(10), Duration.ofSeconds(10), 256);
    }
}
