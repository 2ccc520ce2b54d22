/**
 * The router: {@link io.bondy.core.router.Router} (realms, open sessions, shutdown, the entry point
 * of transports) and {@link io.bondy.core.router.Realm}, which puts the routing packages together
 * for one realm and routes an established session's messages to its broker, registrar or dealer.
 *
 * <p>Packages, bottom to top (each may use only those below it; {@code ModuleBoundariesTest} checks
 * it): {@code session} → {@code authz} → {@code rpc}, {@code pubsub} → {@code relay} → {@code meta}
 * → this package. Where a lower package needs something of a higher one it defines a small
 * interface that the higher one implements ({@code RealmHandle}, {@code SessionHost},
 * {@code MessageGate}, {@code CallForwarding}, {@code PublicationRelay}, {@code LocalNode}).
 */
package io.bondy.core.router;
