package io.bondy.core.router;

import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.router.relay.RelayMessage;
import io.bondy.core.spi.ClusterRelay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Routers of one cluster in one JVM, for the routing layer's tests: each node's inbound messages are
 * handled by one thread of its own, in the order sent (what the JGroups relay guarantees). Each node
 * has its own view, which the test installs (all at once with {@link #cut}/{@link #heal}, or node by
 * node in any order with {@link #install}, as JGroups does); like JGroups, a node sends to the members
 * of its view and to nodes it has heard from, and receives from anyone it is connected to, in its view
 * or not. A test can cut a node off ({@link #isolate}) and lose messages ({@link #lose}). The real
 * relay (JGroups) is tested in bondy-cluster and bondy-server.
 */
final class InMemoryCluster implements AutoCloseable {

    /** Decides whether a message from one node to another is lost in flight. */
    @FunctionalInterface
    interface Loss {
        boolean lost(String from, String to, RelayMessage message);
    }

    private final Map<String, RouterFixture> nodes = new LinkedHashMap<>();
    private final Map<String, ExecutorService> inbound = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> views = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> heardFrom = new ConcurrentHashMap<>();
    private final Set<String> isolated = ConcurrentHashMap.newKeySet();
    private volatile Loss loss = (from, to, m) -> false;
    private volatile Loss refusal = (from, to, m) -> false;

    /** Starts {@code names} as one cluster: every node in the view, connected, routes exchanged. */
    static InMemoryCluster of(String... names) {
        InMemoryCluster cluster = new InMemoryCluster();
        for (String name : names) {
            cluster.add(name);
        }
        for (String name : names) {
            cluster.views.put(name, new LinkedHashSet<>(List.of(names)));
        }
        for (String name : names) {
            cluster.routing(name).connect(cluster.new Relay(name));
        }
        cluster.settle();
        return cluster;
    }

    private void add(String name) {
        nodes.put(name, new RouterFixture());
        inbound.put(name, Executors.newSingleThreadExecutor(r -> new Thread(r, "relay-" + name)));
        heardFrom.put(name, ConcurrentHashMap.newKeySet());
    }

    RouterFixture node(String name) {
        return nodes.get(name);
    }

    /** A client joined on node {@code name} with the advanced RPC roles (what the cluster tests use). */
    RouterFixture.Client join(String name) {
        return node(name).join(RouterFixture.ADVANCED_RPC);
    }

    ClusterRouting routing(String name) {
        return node(name).router.cluster();
    }

    Set<String> names() {
        return nodes.keySet();
    }

    /**
     * Replaces node {@code name} by a new router of the same name (a restart: a new incarnation), in
     * no view and cut off until the test installs views and reconnects it.
     */
    void restart(String name) {
        settle();
        isolated.add(name);
        for (String other : nodes.keySet()) {
            if (!other.equals(name)) {
                install(other, false, views.get(other).stream().filter(n -> !n.equals(name)).toArray(String[]::new));
            }
        }
        inbound.remove(name).shutdownNow();
        add(name);
        views.put(name, new LinkedHashSet<>(List.of(name)));
        routing(name).connect(new Relay(name));
    }

    /** Takes {@code name} out of the view, as a crash or partition does: the others drop it at once. */
    void cut(String name) {
        settle();
        isolated.add(name);
        for (String other : nodes.keySet()) {
            if (!other.equals(name)) {
                install(other, false, views.get(other).stream().filter(n -> !n.equals(name)).toArray(String[]::new));
            }
        }
        install(name, false, name);
    }

    /** Brings {@code name} back: every node installs the view of all nodes and they exchange their routes. */
    void heal(String name) {
        isolated.remove(name);
        for (String node : nodes.keySet()) {
            install(node, false, nodes.keySet().toArray(String[]::new));
        }
        settle();
    }

    /** Cuts {@code name} off (no message to or from it) without changing any view: a hang, a network cut. */
    void isolate(String name) {
        isolated.add(name);
    }

    void reconnect(String name) {
        isolated.remove(name);
    }

    /**
     * From now on, the relay refuses to send the messages for which {@code refusal} says so (its send
     * returns false, as the JGroups relay does when its send queue is full).
     */
    void refuse(Loss refusal) {
        this.refusal = refusal;
    }

    /** From now on, messages for which {@code loss} says so are lost in flight. */
    void lose(Loss loss) {
        this.loss = loss;
    }

    /**
     * Node {@code node} installs a view of {@code members} (on the test's thread, as JGroups does on its
     * view thread): the departure of those it no longer has, then the view change. The others' views
     * do not change.
     */
    void install(String node, boolean merge, String... members) {
        Set<String> previous = views.get(node);
        Set<String> next = new LinkedHashSet<>(List.of(members));
        List<String> joined = new ArrayList<>();
        for (String m : next) {
            if (!previous.contains(m) && !m.equals(node)) {
                joined.add(m);
            }
        }
        views.put(node, next);
        for (String m : previous) {
            if (!next.contains(m) && !m.equals(node)) {
                routing(node).memberLeft(m);
            }
        }
        routing(node).viewChanged(List.copyOf(next), joined, merge);
    }

    /**
     * Every node's clock moves past the retry delay of state requests, then every node runs its periodic
     * repair: digests to every member, requests repeated; the cluster settles after each.
     */
    void repairRound() {
        for (String node : nodes.keySet()) {
            node(node).scheduler.advance(java.time.Duration.ofSeconds(3));
        }
        for (String node : nodes.keySet()) {
            routing(node).sendDigests();
        }
        settle();
        for (String node : nodes.keySet()) {
            routing(node).repair();
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
        for (int round = 0; round < 6; round++) {
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
            return views.get(self).contains(node);
        }

        @Override
        public List<String> members() {
            return List.copyOf(views.get(self));
        }

        @Override
        public boolean send(String node, byte[] message) {
            if (node.equals(self) || !(views.get(self).contains(node) || heardFrom.get(self).contains(node))
                    || refusal.lost(self, node, RelayMessage.decode(message))) {
                return false;
            }
            if (isolated.contains(self) || isolated.contains(node)
                    || loss.lost(self, node, RelayMessage.decode(message))) {
                return true; // sent, never arrives
            }
            ExecutorService to = inbound.get(node);
            try {
                to.execute(() -> {
                    heardFrom.get(node).add(self);
                    routing(node).receive(self, message);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return true; // the node was restarted: lost
            }
            return true;
        }

        @Override
        public void sendToAll(byte[] message) {
            for (String node : members()) {
                send(node, message);
            }
        }
    }
}
