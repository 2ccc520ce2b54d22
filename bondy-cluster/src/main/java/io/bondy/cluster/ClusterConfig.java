package io.bondy.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

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
 * @param dns                 DNS discovery (a name resolving to every node's address), or {@link Dns#OFF}
 * @param metaQueryTimeout    how long the meta API waits for other nodes' answers (e.g.
 *                            {@code wamp.registration.list_callees}) before answering with what it has
 * @param failureDetectionPort the TCP port of the failure detector's socket (JGroups FD_SOCK2; if taken,
 *                            the next three are tried); 0: {@code peerPort + 1}
 * @param tombstoneGrace      how old a tombstone must be before it is purged (once every member has it);
 *                            a node away longer than this must rejoin with an empty data directory
 * @param limits              the bounds of the node's cluster queues and of a forwarded call's wait
 * @param tls                 peer traffic over TLS with mutual authentication ({@code cluster.tls.*}): the
 *                            context presents this node's certificate and trusts only the cluster CA, so a
 *                            node whose certificate the CA did not sign cannot connect; null for the
 *                            shared-secret mode alone (the secret's encryption applies either way)
 */
public record ClusterConfig(String name, String nodename, String bindAddr, int peerPort,
                            List<InetSocketAddress> seeds, String secret, Duration antiEntropyInterval,
                            Duration failureTimeout, Dns dns, Duration metaQueryTimeout, int failureDetectionPort,
                            Duration tombstoneGrace, Limits limits, SSLContext tls) {

    /**
     * Bounds of what the node queues for other nodes, and how long a forwarded call may wait.
     *
     * @param relayQueue           routing messages (calls, replies, publications, announcements) waiting
     *                             for the relay's sender thread ({@code cluster.relay_max_queue}); past it a
     *                             message is refused: its call fails, a publication to that node is
     *                             dropped, an announcement is repaired by the routing state's repair
     * @param replicationQueue     store writes waiting to be multicast ({@code cluster.replication_max_queue});
     *                             past it a write is not multicast and anti-entropy brings it to the others
     * @param forwardedCallTimeout how long a call forwarded to another node waits for its answer when the
     *                             call names no {@code timeout} ({@code cluster.forwarded_call_timeout}); 0: no limit
     */
    public record Limits(int relayQueue, int replicationQueue, Duration forwardedCallTimeout) {

        public static final Limits DEFAULTS = new Limits(10_000, 10_000, Duration.ofMinutes(5));

        public Limits {
            if (relayQueue < 1) {
                throw new IllegalArgumentException("cluster.relay_max_queue must be at least 1");
            }
            if (replicationQueue < 1) {
                throw new IllegalArgumentException("cluster.replication_max_queue must be at least 1");
            }
            Objects.requireNonNull(forwardedCallTimeout, "forwardedCallTimeout");
            if (forwardedCallTimeout.isNegative()) {
                throw new IllegalArgumentException("cluster.forwarded_call_timeout must not be negative");
            }
        }
    }

    /** The default of {@code cluster.tombstone_grace}. */
    public static final Duration DEFAULT_TOMBSTONE_GRACE = Duration.ofDays(7);

    /** The default of {@code cluster.meta_query_timeout}. */
    public static final Duration DEFAULT_META_QUERY_TIMEOUT = io.bondy.core.router.relay.ClusterRouting.DEFAULT_QUERY_TIMEOUT;

    /**
     * DNS discovery, as Docker networks and Kubernetes headless services offer it: {@code name}
     * resolves (through the system resolver, /etc/hosts included) to the addresses of the nodes, each
     * listening on {@code port}; the name is resolved again every {@code refresh}.
     *
     * @param name    the DNS name; empty: no DNS discovery
     * @param port    the peer port of the nodes behind the name; 0: this node's peer port
     * @param refresh how often the name is resolved again
     */
    public record Dns(String name, int port, Duration refresh) {

        public static final Dns OFF = new Dns("", 0, Duration.ofSeconds(10));

        public Dns {
            Objects.requireNonNull(name, "name");
            if (refresh.isNegative() || refresh.isZero()) {
                throw new IllegalArgumentException("cluster.dns_refresh must be positive");
            }
        }

        public boolean enabled() {
            return !name.isBlank();
        }
    }

    /** Static discovery only (no DNS). */
    public ClusterConfig(String name, String nodename, String bindAddr, int peerPort, List<InetSocketAddress> seeds,
                         String secret, Duration antiEntropyInterval, Duration failureTimeout) {
        this(name, nodename, bindAddr, peerPort, seeds, secret, antiEntropyInterval, failureTimeout, Dns.OFF);
    }

    /** With DNS discovery and the default meta query timeout. */
    public ClusterConfig(String name, String nodename, String bindAddr, int peerPort, List<InetSocketAddress> seeds,
                         String secret, Duration antiEntropyInterval, Duration failureTimeout, Dns dns) {
        this(name, nodename, bindAddr, peerPort, seeds, secret, antiEntropyInterval, failureTimeout, dns,
                DEFAULT_META_QUERY_TIMEOUT);
    }

    /** With the default failure-detection port ({@code peerPort + 1}). */
    public ClusterConfig(String name, String nodename, String bindAddr, int peerPort, List<InetSocketAddress> seeds,
                         String secret, Duration antiEntropyInterval, Duration failureTimeout, Dns dns,
                         Duration metaQueryTimeout) {
        this(name, nodename, bindAddr, peerPort, seeds, secret, antiEntropyInterval, failureTimeout, dns,
                metaQueryTimeout, 0);
    }

    /** These settings with peer traffic over TLS ({@code tls} presents this node's certificate, trusts the cluster CA). */
    public ClusterConfig withTls(SSLContext context) {
        return new ClusterConfig(name, nodename, bindAddr, peerPort, seeds, secret, antiEntropyInterval,
                failureTimeout, dns, metaQueryTimeout, failureDetectionPort, tombstoneGrace, limits, context);
    }

    /** With the default tombstone grace period. */
    public ClusterConfig(String name, String nodename, String bindAddr, int peerPort, List<InetSocketAddress> seeds,
                         String secret, Duration antiEntropyInterval, Duration failureTimeout, Dns dns,
                         Duration metaQueryTimeout, int failureDetectionPort) {
        this(name, nodename, bindAddr, peerPort, seeds, secret, antiEntropyInterval, failureTimeout, dns,
                metaQueryTimeout, failureDetectionPort, DEFAULT_TOMBSTONE_GRACE);
    }

    /** With the default limits, without TLS between nodes (the shared-secret mode alone). */
    public ClusterConfig(String name, String nodename, String bindAddr, int peerPort, List<InetSocketAddress> seeds,
                         String secret, Duration antiEntropyInterval, Duration failureTimeout, Dns dns,
                         Duration metaQueryTimeout, int failureDetectionPort, Duration tombstoneGrace) {
        this(name, nodename, bindAddr, peerPort, seeds, secret, antiEntropyInterval, failureTimeout, dns,
                metaQueryTimeout, failureDetectionPort, tombstoneGrace, Limits.DEFAULTS, null);
    }

    /** This configuration with other limits. */
    public ClusterConfig withLimits(Limits next) {
        return new ClusterConfig(name, nodename, bindAddr, peerPort, seeds, secret, antiEntropyInterval,
                failureTimeout, dns, metaQueryTimeout, failureDetectionPort, tombstoneGrace, next, tls);
    }

    public ClusterConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodename, "nodename");
        Objects.requireNonNull(bindAddr, "bindAddr");
        seeds = List.copyOf(seeds);
        dns = dns == null ? Dns.OFF : dns;
        metaQueryTimeout = metaQueryTimeout == null ? DEFAULT_META_QUERY_TIMEOUT : metaQueryTimeout;
        tombstoneGrace = tombstoneGrace == null ? DEFAULT_TOMBSTONE_GRACE : tombstoneGrace;
        limits = limits == null ? Limits.DEFAULTS : limits;
        if (tombstoneGrace.isNegative()) {
            throw new IllegalArgumentException("cluster.tombstone_grace must not be negative");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("cluster.secret must be set when clustering is enabled");
        }
        if (antiEntropyInterval.isNegative() || antiEntropyInterval.isZero()) {
            throw new IllegalArgumentException("cluster.anti_entropy_interval must be positive");
        }
        if (failureDetectionPort != 0 && failureDetectionPort == peerPort) {
            throw new IllegalArgumentException("cluster.failure_detection_port must differ from cluster.peer_port ("
                    + peerPort + ")");
        }
    }

    /**
     * The failure detector's port as an offset from the peer port (what FD_SOCK2 takes): 1 by default,
     * so that nodes on one host with peer ports 100 apart (18086, 18186, ...) do not take each other's.
     * With {@code peerPort} 0 (any free port, tests only) the offset is 1 whatever the configured port.
     */
    public int failureDetectionOffset() {
        return failureDetectionPort == 0 || peerPort == 0 ? 1 : failureDetectionPort - peerPort;
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
                + (dns.enabled() ? ", dns " + dns.name() + ":" + dnsPort() : "") + ", secret ***]";
    }

    /** The port of the nodes found through DNS. */
    public int dnsPort() {
        return dns.port() > 0 ? dns.port() : peerPort;
    }
}
