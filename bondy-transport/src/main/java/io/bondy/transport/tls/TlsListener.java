package io.bondy.transport.tls;

import java.util.Objects;

/**
 * A TLS listener beside a plain one ({@code wamp.tls.*} beside {@code wamp.tcp.*},
 * {@code api_gateway.https.*} beside {@code api_gateway.http.*}, {@code admin_api.https.*} beside
 * {@code admin_api.http.*}): its own address, port and connection cap; everything else (paths, message
 * sizes, timeouts) is the plain listener's.
 *
 * @param enabled        whether to listen
 * @param host           the address to bind
 * @param port           the port to bind; 0 picks a free one
 * @param maxConnections the most connections open at once
 * @param tls            certificates and protocol settings
 */
public record TlsListener(boolean enabled, String host, int port, int maxConnections, TlsConfig tls) {

    public TlsListener {
        if (enabled) {
            Objects.requireNonNull(tls, "tls");
        }
    }

    /** A disabled listener. */
    public static TlsListener disabled() {
        return new TlsListener(false, "127.0.0.1", 0, 1, null);
    }
}
