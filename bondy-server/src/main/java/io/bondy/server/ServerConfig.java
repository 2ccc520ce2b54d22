package io.bondy.server;

import io.bondy.core.router.RouterConfig;
import io.bondy.transport.TransportConfig;

/**
 * The validated configuration of one node, split into the narrow parts each component receives.
 *
 * @param nodename  this node's name
 * @param router    realms and routing rules
 * @param transport listeners and connection limits
 * @param source    where the configuration came from, for the start-up log
 * @param security  authentication, RBAC and the master realm
 */
public record ServerConfig(String nodename, RouterConfig router, TransportConfig transport, String source,
                           SecurityConfig security) {
}
