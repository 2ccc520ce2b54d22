package io.bondy.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Cluster configurations for tests: loopback, free ports, short failure detection and anti-entropy. */
public final class TestClusters {

    public static final String SECRET = "test-cluster-secret";

    private TestClusters() {
    }

    /** A free TCP port on 127.0.0.1 (free when asked; the channel binds it right after). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configurations for {@code names.length} nodes that list each other as seeds. */
    public static List<ClusterConfig> configs(String clusterName, String... names) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            ports.add(freePort());
        }
        List<InetSocketAddress> seeds = ports.stream().map(p -> InetSocketAddress.createUnresolved("127.0.0.1", p)).toList();
        List<ClusterConfig> configs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            configs.add(config(clusterName, names[i], ports.get(i), seeds, SECRET));
        }
        return configs;
    }

    public static ClusterConfig config(String clusterName, String node, int port, List<InetSocketAddress> seeds,
                                       String secret) {
        return new ClusterConfig(clusterName, node, "127.0.0.1", port, seeds, secret, Duration.ofSeconds(1),
                Duration.ofSeconds(3));
    }

    /** A cluster name no other test uses. */
    public static String uniqueName() {
        return "bondy-test-" + Long.toHexString(System.nanoTime());
    }
}
