package io.bondy.server;

import io.bondy.server.config.ConfigLoader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClusterSuite} over three {@link BondyServer}s in this JVM (real JGroups channels and RocksDB
 * stores on 127.0.0.1); {@link #kill} closes a node (a graceful stop: its peers see it leave).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InJvmClusterTest extends ClusterSuite {

    @TempDir
    static Path dir;

    private final BondyServer[] nodes = new BondyServer[3];
    private final int[] peerPorts = new int[3];
    private final String clusterName = "jvm-" + Long.toHexString(System.nanoTime());

    InJvmClusterTest() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                peerPorts[i] = s.getLocalPort();
            }
        }
    }

    @Override
    void start(int i) {
        String seeds = IntStream.of(peerPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        Map<String, String> env = nodeEnv(i, clusterName, "in-jvm-suite-secret", peerPorts[i], seeds,
                dir.resolve("node" + i));
        env.put("BONDY_WAMP_TCP_PORT", "0");
        env.put("BONDY_ADMIN_API_HTTP_ENABLED", "off");
        nodes[i] = new BondyServer(new ConfigLoader(env).load(null));
        nodes[i].start();
    }

    @Override
    void kill(int i) {
        nodes[i].close();
    }

    @Override
    void stopAll() {
        for (BondyServer s : nodes) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Override
    int port(int i) {
        return nodes[i].rawSocketPort();
    }

    @Override
    boolean ready(int i) {
        return nodes[i] != null && nodes[i].isReady();
    }
}
