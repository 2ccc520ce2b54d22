package io.bondy.core.router;

import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.spi.ClusterRelay;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Routers of one cluster in one JVM, for the routing layer's tests: each node's inbound messages are
 * handled by one thread of its own, in the order sent (what the JGroups relay guarantees), and the
 * view is a set the test changes. The real relay (JGroups) is tested in bondy-cluster and bondy-server.
 */
final class InMemoryCluster implements AutoCloseable {

    private final Map<String, RouterFixture> nodes = new LinkedHashMap<>();
    private final Map<String, ExecutorService> inbound = new ConcurrentHashMap<>();
    private final Set<String> view = ConcurrentHashMap.newKeySet();

    /** Starts {@code names} as one cluster: every node in the view, connected, routes exchanged. */
    static InMemoryCluster of(String... names) {
        InMemoryCluster cluster = new InMemoryCluster();
        for (String name : names) {
            cluster.nodes.put(name, new RouterFixture());
            cluster.inbound.put(name, Executors.newSingleThreadExecutor(r -> new Thread(r, "relay-" + name)));
            cluster.view.add(name);
        }
        for (String name : names) {
            cluster.node(name).router.cluster().connect(cluster.new Relay(name));
        }
        cluster.settle();
        return cluster;
    }

    RouterFixture node(String name) {
        return nodes.get(name);
    }

    ClusterRouting routing(String name) {
        return node(name).router.cluster();
    }

    /** Takes {@code name} out of the view, as a crash or partition does: the others drop it at once. */
    void cut(String name) {
        settle();
        view.remove(name);
        for (String other : nodes.keySet()) {
            if (!other.equals(name)) {
                routing(other).memberLeft(name);
            }
        }
        for (String other : nodes.keySet()) {
            if (!other.equals(name)) {
                routing(name).memberLeft(other);
            }
        }
    }

    /** Brings {@code name} back: both sides see a join and exchange their routes. */
    void heal(String name) {
        view.add(name);
        for (String other : nodes.keySet()) {
            if (!other.equals(name)) {
                routing(other).memberJoined(name);
                routing(name).memberJoined(other);
            }
        }
        settle();
    }

    /** Holds back every message to {@code name} (a node too busy to answer) until the returned latch opens. */
    java.util.concurrent.CountDownLatch hold(String name) {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        inbound.get(name).execute(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    /** Waits until every message sent so far (and what they caused) has been handled. */
    void settle() {
        for (int round = 0; round < 4; round++) {
            for (ExecutorService e : inbound.values()) {
                try {
                    e.submit(() -> { }).get(5, TimeUnit.SECONDS);
                } catch (Exception ex) {
                    throw new AssertionError("relay thread stuck", ex);
                }
            }
        }
    }

    @Override
    public void close() {
        inbound.values().forEach(ExecutorService::shutdownNow);
    }

    private final class Relay implements ClusterRelay {

        private final String self;

        Relay(String self) {
            this.self = self;
        }

        @Override
        public String localNode() {
            return self;
        }

        @Override
        public boolean isMember(String node) {
            return view.contains(self) && view.contains(node);
        }

        @Override
        public boolean send(String node, byte[] message) {
            if (!view.contains(self) || !view.contains(node) || node.equals(self)) {
                return false;
            }
            inbound.get(node).execute(() -> routing(node).receive(self, message));
            return true;
        }

        @Override
        public void sendToAll(byte[] message) {
            for (String node : nodes.keySet()) {
                send(node, message);
            }
        }
    }
}
