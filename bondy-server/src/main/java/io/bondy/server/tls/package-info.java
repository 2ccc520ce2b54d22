/**
 * The node's TLS wiring: {@link io.bondy.server.tls.TlsProcedures} ({@code bondy.tls.reload},
 * {@code bondy.tls.status}) over the {@link io.bondy.transport.tls.TlsReloader} that watches every TLS
 * listener's files (the WAMP ones and the admin HTTPS one).
 */
package io.bondy.server.tls;
