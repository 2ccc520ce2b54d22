/**
 * Everything about other nodes: {@code ClusterRouting} and its parts (route announcements and node
 * stubs, forwarded calls and proxies of remote callers, other nodes' sessions, meta queries), and the
 * wire format between nodes ({@code RelayMessage}). The cluster module only moves the bytes
 * ({@code spi.ClusterRelay}).
 *
 * <p>Owns: this node's view of the others' routes and sessions. Uses: {@code session}, {@code rpc},
 * {@code pubsub}; sees the router through {@code LocalNode} and {@code LocalRealm}.
 */
package io.bondy.core.router.relay;
