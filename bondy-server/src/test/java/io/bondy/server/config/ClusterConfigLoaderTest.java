package io.bondy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.cluster.ClusterConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void clusteringIsOffByDefault() {
        assertThat(load(Map.of()).cluster()).isNull();
    }

    @Test
    void clusterKeysComeFromTheEnvironment() {
        ClusterConfig c = load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s3cret",
                "BONDY_CLUSTER_SEEDS", "10.0.0.1:18086, node2.local:18087", "BONDY_NODENAME", "n1")).cluster();

        assertThat(c.nodename()).isEqualTo("n1");
        assertThat(c.peerPort()).isEqualTo(18086);
        assertThat(c.bindAddr()).isEqualTo("127.0.0.1");
        assertThat(c.name()).isEqualTo("bondy");
        assertThat(c.seeds()).containsExactly(InetSocketAddress.createUnresolved("10.0.0.1", 18086),
                InetSocketAddress.createUnresolved("node2.local", 18087));
        assertThat(c.antiEntropyInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void dnsDiscoveryIsOffByDefaultAndUsesThePeerPortUnlessGivenOne() {
        ClusterConfig off = load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s")).cluster();
        assertThat(off.dns().enabled()).isFalse();

        ClusterConfig dns = load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s",
                "BONDY_CLUSTER_DNS_NAME", "bondy-headless", "BONDY_CLUSTER_DNS_REFRESH", "5s")).cluster();
        assertThat(dns.dns().name()).isEqualTo("bondy-headless");
        assertThat(dns.dns().refresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(dns.dnsPort()).isEqualTo(18086);
        assertThat(load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s",
                "BONDY_CLUSTER_DNS_NAME", "x", "BONDY_CLUSTER_DNS_PORT", "19000")).cluster().dnsPort()).isEqualTo(19000);
        assertThatThrownBy(() -> load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s",
                "BONDY_CLUSTER_DNS_PORT", "70000"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.dns_port");
    }

    @Test
    void tombstonesArePurgedAfterAWeekUnlessConfigured() {
        assertThat(load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s")).cluster().tombstoneGrace())
                .isEqualTo(java.time.Duration.ofDays(7));
        assertThat(load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s",
                "BONDY_CLUSTER_TOMBSTONE_GRACE", "36h")).cluster().tombstoneGrace()).isEqualTo(java.time.Duration.ofHours(36));
    }

    @Test
    void theFailureDetectorListensNextToThePeerPortUnlessGivenAPort() {
        ClusterConfig byDefault = load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s")).cluster();
        assertThat(byDefault.failureDetectionPort()).isZero();
        assertThat(byDefault.failureDetectionOffset()).isEqualTo(1);
        ClusterConfig given = load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s",
                "BONDY_CLUSTER_FAILURE_DETECTION_PORT", "18090")).cluster();
        assertThat(given.failureDetectionOffset()).isEqualTo(4);
        assertThatThrownBy(() -> load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s",
                "BONDY_CLUSTER_FAILURE_DETECTION_PORT", "18086"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.failure_detection_port");
    }

    @Test
    void theClusterQueuesAndTheForwardedCallDeadlineHaveDefaultsAndBounds() {
        assertThat(load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s")).cluster().limits())
                .isEqualTo(ClusterConfig.Limits.DEFAULTS)
                .isEqualTo(new ClusterConfig.Limits(10_000, 10_000, Duration.ofMinutes(5)));
        assertThat(load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s",
                "BONDY_CLUSTER_RELAY_MAX_QUEUE", "50", "BONDY_CLUSTER_REPLICATION_MAX_QUEUE", "60",
                "BONDY_CLUSTER_FORWARDED_CALL_TIMEOUT", "0s")).cluster().limits())
                .isEqualTo(new ClusterConfig.Limits(50, 60, Duration.ZERO));
        assertThatThrownBy(() -> load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s",
                "BONDY_CLUSTER_RELAY_MAX_QUEUE", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.relay_max_queue");
        assertThatThrownBy(() -> load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "s",
                "BONDY_CLUSTER_REPLICATION_MAX_QUEUE", "-1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.replication_max_queue");
    }

    @Test
    void theAdminWorkersHaveDefaultsAndBounds() {
        var settings = load(Map.of()).security().settings();
        assertThat(settings.adminThreads()).isEqualTo(2);
        assertThat(settings.adminMaxQueued()).isEqualTo(256);
        assertThatThrownBy(() -> load(Map.of("BONDY_SECURITY_ADMIN_PROCEDURES_THREADS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.admin_procedures.threads");
        assertThatThrownBy(() -> load(Map.of("BONDY_SECURITY_ADMIN_PROCEDURES_MAX_QUEUED_CALLS", "100001")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.admin_procedures.max_queued_calls");
    }

    @Test
    void enabledClusterWithoutASecretIsRefused() {
        assertThatThrownBy(() -> load(Map.of("BONDY_CLUSTER_ENABLED", "on")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.secret");
    }

    @Test
    void malformedSeedIsRefused() {
        assertThatThrownBy(() -> load(Map.of("BONDY_CLUSTER_ENABLED", "on", "BONDY_CLUSTER_SECRET", "x",
                "BONDY_CLUSTER_SEEDS", "no-port"))).isInstanceOf(ConfigException.class).hasMessageContaining("host:port");
    }

    private ServerConfig load(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("BONDY_PLATFORM_DATA_DIR", dir.toString());
        return new ConfigLoader(env).load(null);
    }
}
