package io.bondy.server.config;

import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.store.StoreConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.gateway.oauth2.OAuth2Settings;
import io.bondy.server.admin.AdminHttpConfig;
import io.bondy.transport.TransportConfig;
import java.nio.file.Path;

/**
 * The validated configuration of one node, split into the narrow parts each component receives.
 *
 * @param nodename  this node's name
 * @param router    realms and routing rules
 * @param transport listeners and connection limits
 * @param admin     the admin HTTP listener (ping, readiness, metrics)
 * @param source    where the configuration came from, for the start-up log
 * @param dataDir   {@code platform_data_dir}, absolute and existing
 * @param store     the durable store, in {@code <dataDir>/store}
 * @param security  authentication, RBAC and the master realm
 * @param realms    realms as data: automatic creation on HELLO, where backups go
 * @param cluster   membership and replication, or null when {@code cluster.enabled} is off
 * @param oauth2    the API gateway's OAuth2 endpoints, or null when {@code api_gateway.oauth2.realm} is empty
 * @param gateway   the HTTP API gateway ({@code api_gateway.*} but the listener and OAuth2 keys)
 * @param bridge    the broker bridge: clients, limits, the specs file
 * @param clusterTls the reloadable peer TLS context behind {@code cluster.tls()} ({@code cluster.tls.*}),
 *                  or null when the cluster or its TLS is off
 */
public record ServerConfig(String nodename, RouterConfig router, TransportConfig transport, AdminHttpConfig admin,
                           String source, Path dataDir, StoreConfig store, SecurityConfig security,
                           AdministrationConfig realms, ClusterConfig cluster, OAuth2Settings oauth2,
                           io.bondy.gateway.api.GatewaySettings gateway, io.bondy.bridge.BridgeSettings bridge,
                           io.bondy.server.tls.ClusterTls clusterTls) {
}
