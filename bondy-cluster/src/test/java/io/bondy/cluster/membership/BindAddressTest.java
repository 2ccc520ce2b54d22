package io.bondy.cluster.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.TestClusters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgroups.protocols.FD_SOCK2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cluster.bind_addr} governs every socket the cluster opens (issue 19, finding 3: the failure
 * detector listened on every interface). Two nodes bound to 127.0.0.2 and 127.0.0.3 form a cluster;
 * then every TCP socket of this process on their ports (peer and failure-detection listeners, and
 * the connections between them, in both directions), read from {@code /proc/net/tcp} and
 * {@code tcp6} through {@code /proc/self/fd}, must have its node's address as local address.
 * Skipped where there is no {@code /proc} or 127.0.0.2 cannot be bound.
 */
@Timeout(60)
class BindAddressTest {

    private final List<ClusterMembership> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(ClusterMembership::close);
    }

    @Test
    void everySocketOfTheClusterIsOnTheBindAddress() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd")),
                "needs Linux /proc to list this process's sockets");
        Assumptions.assumeTrue(bindable("127.0.0.2") && bindable("127.0.0.3"),
                "needs 127.0.0.2 and 127.0.0.3 (the loopback /8) to be bindable");
        String cluster = TestClusters.uniqueName();
        int portA = TestClusters.freePort();
        int portB = TestClusters.freePort();
        List<InetSocketAddress> seeds = List.of(InetSocketAddress.createUnresolved("127.0.0.2", portA),
                InetSocketAddress.createUnresolved("127.0.0.3", portB));
        Map<String, String> addressOf = Map.of("a", "127.0.0.2", "b", "127.0.0.3");
        for (String node : List.of("a", "b")) {
            ClusterMembership m = new ClusterMembership(new ClusterConfig(cluster, node, addressOf.get(node),
                    node.equals("a") ? portA : portB, seeds, TestClusters.SECRET, Duration.ofSeconds(1),
                    Duration.ofSeconds(3)));
            nodes.add(m);
            m.start();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> nodes.forEach(n ->
                assertThat(n.members()).containsExactlyInAnyOrder("a", "b")));

        // the ports each node listens on: its peer port and its failure detector's
        Map<Integer, String> ports = new HashMap<>();
        ports.put(portA, "127.0.0.2");
        ports.put(portB, "127.0.0.3");
        for (ClusterMembership n : nodes) {
            FD_SOCK2 fd = n.channel().getProtocolStack().findProtocol(FD_SOCK2.class);
            ports.put(fd.getActualBindPort(), addressOf.get(n.nodename()));
        }
        // FD_SOCK2 connects to its neighbour's failure detector once the view is installed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Socket> ours = socketsOn(ports.keySet());
            assertThat(ours.stream().filter(s -> !s.listening()).map(Socket::remotePort))
                    .as("connections to the other node's failure detector")
                    .containsAnyElementsOf(fdPorts(ports.keySet(), portA, portB));
        });

        List<Socket> ours = socketsOn(ports.keySet());
        for (Map.Entry<Integer, String> listener : ports.entrySet()) {
            assertThat(ours).as("listener on port " + listener.getKey())
                    .anySatisfy(s -> {
                        assertThat(s.listening()).isTrue();
                        assertThat(s.localPort()).isEqualTo(listener.getKey());
                        assertThat(s.local()).isEqualTo(listener.getValue());
                    });
        }
        assertThat(ours).as("every socket of the cluster (listeners and connections both ways)")
                .allSatisfy(s -> assertThat(s.local()).as(s.toString()).isIn("127.0.0.2", "127.0.0.3"));
        assertThat(ours.stream().filter(s -> !s.listening()).count()).as("connections seen").isPositive();
    }

    private static List<Integer> fdPorts(Set<Integer> all, int portA, int portB) {
        return all.stream().filter(p -> p != portA && p != portB).toList();
    }

    private static boolean bindable(String address) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    /** A TCP socket of this process: local and remote address and port, and whether it listens. */
    record Socket(String local, int localPort, String remote, int remotePort, boolean listening) {
    }

    /** This process's TCP sockets with a local or remote port in {@code ports}. */
    private static List<Socket> socketsOn(Set<Integer> ports) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        List<Socket> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f.length < 10 || !inodes.contains(f[9])) {
                    continue;
                }
                String[] local = f[1].split(":");
                String[] remote = f[2].split(":");
                Socket s = new Socket(address(local[0]), Integer.parseInt(local[1], 16), address(remote[0]),
                        Integer.parseInt(remote[1], 16), f[3].equals("0A"));
                if (ports.contains(s.localPort()) || (!s.listening() && ports.contains(s.remotePort()))) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** An address of /proc/net/tcp (8 hex digits) or tcp6 (32: four little-endian words); IPv4-mapped as IPv4. */
    static String address(String hex) {
        if (hex.length() == 32) {
            if (hex.startsWith("0000000000000000FFFF0000")) {
                hex = hex.substring(24);
            } else {
                StringBuilder v6 = new StringBuilder();
                for (int w = 0; w < 4; w++) {
                    String word = hex.substring(8 * w, 8 * w + 8);
                    for (int b = 3; b >= 0; b--) {
                        v6.append(word, 2 * b, 2 * b + 2);
                    }
                }
                return v6.toString().matches("0+") ? "::" : v6.toString();
            }
        }
        int v = (int) Long.parseLong(hex, 16);
        return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >>> 24) & 0xff);
    }
}
