package io.bondy.server.config;

import static io.bondy.server.config.ConfigValues.host;
import static io.bondy.server.config.ConfigValues.port;
import static io.bondy.server.config.ConfigValues.positive;

import com.typesafe.config.Config;
import io.bondy.cluster.ClusterConfig;
import io.bondy.server.tls.ClusterTls;
import io.bondy.transport.tls.TlsConfig;
import io.bondy.transport.tls.TlsConfigException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Parses membership and replication into {@link ClusterConfig}. Owns {@code cluster.*}; nothing but
 * {@code cluster.enabled} is read while it is off. The secret may come from {@code BONDY_CLUSTER_SECRET}
 * like any key.
 */
final class ClusterConfigParser {

    private ClusterConfigParser() {
    }

    /** {@code cluster.relay_max_queue}, {@code cluster.replication_max_queue}, {@code cluster.forwarded_call_timeout}. */
    private static ClusterConfig.Limits limits(Config c) {
        Duration forwarded = c.getDuration("cluster.forwarded_call_timeout");
        if (forwarded.isNegative()) {
            throw new ConfigException("cluster.forwarded_call_timeout must be a duration such as 5m (0: no limit), got "
                    + forwarded);
        }
        return new ClusterConfig.Limits(queue(c, "cluster.relay_max_queue"), queue(c, "cluster.replication_max_queue"),
                forwarded);
    }

    private static int queue(Config c, String key) {
        int v = c.getInt(key);
        if (v < 1 || v > 10_000_000) {
            throw new ConfigException(key + " must be between 1 and 10000000 messages, got " + v);
        }
        return v;
    }

    /**
     * The cluster settings, or null when clustering is off.
     *
     * @param tls the peer TLS context from {@link #tls(Config)}; null without {@code cluster.tls.enabled}
     */
    static ClusterConfig parse(Config c, String nodename, ClusterTls tls) {
        if (!c.getBoolean("cluster.enabled")) {
            return null;
        }
        ClusterConfig config;
        try {
            config = new ClusterConfig(c.getString("cluster.name"), nodename, host(c, "cluster.bind_addr"),
                    port(c, "cluster.peer_port"), ClusterConfig.parseSeeds(c.getString("cluster.seeds")),
                    c.getString("cluster.secret"), positive(c, "cluster.anti_entropy_interval"),
                    positive(c, "cluster.failure_timeout"),
                    new ClusterConfig.Dns(c.getString("cluster.dns_name").trim(), port(c, "cluster.dns_port"),
                            positive(c, "cluster.dns_refresh")),
                    positive(c, "cluster.meta_query_timeout"), port(c, "cluster.failure_detection_port"),
                    positive(c, "cluster.tombstone_grace"), limits(c), null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        return tls != null ? config.withTls(tls.sslContext()) : config;
    }

    /**
     * {@code cluster.tls.*}: this node's certificate and key and the cluster CA, checked now (a bad file
     * stops the start naming it); peers must present a certificate of that CA. The files are reloaded
     * while the node runs with the listeners' ({@code tls.reload_interval}, {@code bondy.tls.reload}).
     *
     * @return null when {@code cluster.enabled} or {@code cluster.tls.enabled} is off
     */
    static ClusterTls tls(Config c) {
        if (!c.getBoolean("cluster.enabled") || !c.getBoolean("cluster.tls.enabled")) {
            return null;
        }
        String cert = c.getString("cluster.tls.certfile").trim();
        String key = c.getString("cluster.tls.keyfile").trim();
        String ca = c.getString("cluster.tls.cacertfile").trim();
        for (String[] k : new String[][] {{"cluster.tls.certfile", cert}, {"cluster.tls.keyfile", key},
                {"cluster.tls.cacertfile", ca}}) {
            if (k[1].isEmpty()) {
                throw new ConfigException(k[0] + " must name a PEM file when cluster.tls.enabled is on");
            }
        }
        try {
            TlsConfig tls = new TlsConfig("cluster.tls", Path.of(cert), Path.of(key), Path.of(ca), null, null,
                    TlsConfig.ClientAuth.REQUIRED);
            return ClusterTls.create(tls);
        } catch (TlsConfigException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
