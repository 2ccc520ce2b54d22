package io.bondy.cluster.membership;

import io.bondy.cluster.ClusterConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery list of a node: the static seeds plus, with DNS discovery, every address the DNS
 * name resolves to now (on the DNS port). Resolution goes through the JVM's resolver (so /etc/hosts,
 * Docker's embedded DNS and Kubernetes' cluster DNS all work); a name that does not resolve (yet)
 * adds nothing, and is tried again at the next refresh.
 *
 * <p>Threading: stateless apart from the last answer, which is only logged when it changes.
 */
final class DnsSeeds {

    private static final Logger LOG = LoggerFactory.getLogger(DnsSeeds.class);

    private final ClusterConfig config;
    private volatile Set<InetSocketAddress> lastResolved = Set.of();

    DnsSeeds(ClusterConfig config) {
        this.config = config;
    }

    /** The seeds and, if DNS discovery is on, the name's current addresses; each {@code host:port} once. */
    List<InetSocketAddress> current() {
        Set<InetSocketAddress> all = new LinkedHashSet<>();
        for (InetSocketAddress s : config.seeds()) {
            all.add(new InetSocketAddress(s.getHostString(), s.getPort()));
        }
        if (config.dns().enabled()) {
            Set<InetSocketAddress> resolved = resolve();
            if (!resolved.equals(lastResolved)) {
                LOG.info("Cluster DNS name {} resolves to {}", config.dns().name(), resolved);
                lastResolved = resolved;
            }
            all.addAll(resolved);
        }
        return new ArrayList<>(all);
    }

    private Set<InetSocketAddress> resolve() {
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        try {
            for (InetAddress a : InetAddress.getAllByName(config.dns().name())) {
                out.add(new InetSocketAddress(a, config.dnsPort()));
            }
        } catch (UnknownHostException e) {
            LOG.debug("Cluster DNS name {} does not resolve (yet): {}", config.dns().name(), e.getMessage());
        }
        return out;
    }
}
