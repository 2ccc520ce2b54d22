package io.bondy.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node joins and talks to its cluster.
 *
 * @param name                the cluster's name: only channels with the same name form a cluster
 * @param nodename            this node's name (unique in the cluster; also the store's version node)
 * @param bindAddr            the address peer traffic binds to
 * @param peerPort            the TCP port of peer traffic (0: any free port, for tests)
 * @param seeds               static discovery: {@code host:port} of some other members (TCPPING)
 * @param secret              the shared cluster secret; the AES key that encrypts all peer traffic is
 *                            derived from it, so a node without it can neither join nor read
 * @param antiEntropyInterval how often a node compares store digests with a random peer
 * @param failureTimeout      how long a silent member stays in the view before it is suspected
 */
public record ClusterConfig(String name, String nodename, String bindAddr, int peerPort,
                            List<InetSocketAddress> seeds, String secret, Duration antiEntropyInterval,
                            Duration failureTimeout) {

    public ClusterConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodename, "nodename");
        Objects.requireNonNull(bindAddr, "bindAddr");
        seeds = List.copyOf(seeds);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("cluster.secret must be set when clustering is enabled");
        }
        if (antiEntropyInterval.isNegative() || antiEntropyInterval.isZero()) {
            throw new IllegalArgumentException("cluster.anti_entropy_interval must be positive");
        }
    }

    /** Parses {@code "host:port, host:port"} (empty: no seeds). */
    public static List<InetSocketAddress> parseSeeds(String seeds) {
        if (seeds == null || seeds.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(seeds.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(ClusterConfig::parseSeed)
                .toList();
    }

    private static InetSocketAddress parseSeed(String seed) {
        int colon = seed.lastIndexOf(':');
        if (colon <= 0 || colon == seed.length() - 1) {
            throw new IllegalArgumentException("a cluster seed is host:port, not " + seed);
        }
        int port = Integer.parseInt(seed.substring(colon + 1));
        return InetSocketAddress.createUnresolved(seed.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return "ClusterConfig[" + name + ", node " + nodename + ", " + bindAddr + ":" + peerPort + ", seeds " + seeds
                + ", secret ***]";
    }
}
