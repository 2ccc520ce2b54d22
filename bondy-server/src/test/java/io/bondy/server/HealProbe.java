package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.message.Yield;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Clients on every node of a cluster that tell whether its routing state has converged: on each node
 * {@code k} a callee of {@code <prefix>.k} (it echoes), a subscriber of {@code <prefix>.events} and a
 * caller that also publishes. The cluster is healed (for these routes) when, on every node, each
 * other node's procedure answers, {@code wamp.session.count} counts every probe session of the
 * cluster, and the meta API counts the subscribers of all nodes. Then an event published on each node
 * reaches the subscriber of every node.
 *
 * <p>The clients are made before a failure and kept across it (a frozen node's connections stay open),
 * so what is checked is that the others learn them again, not that new ones are announced.
 */
final class HealProbe implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealProbe.class);

    private final String prefix;
    private final int nodes;
    private final List<RawSocketClient> callees = new ArrayList<>();
    private final List<RawSocketClient> subscribers = new ArrayList<>();
    private final List<RawSocketClient> callers = new ArrayList<>();
    private final List<Thread> answering = new ArrayList<>();
    private final int otherSessions;

    /** Opens a RawSocket connection to node {@code i}. */
    @FunctionalInterface
    interface Connector {
        RawSocketClient connect(int node) throws IOException;
    }

    /**
     * Opens the probe's sessions on {@code nodes} nodes of {@code realm1} on 127.0.0.1 ({@code port} gives
     * a node's RawSocket port); {@code otherSessions} is how many other sessions of the realm the test
     * keeps open.
     */
    HealProbe(String prefix, int nodes, IntUnaryOperator port, int otherSessions) throws IOException {
        this(prefix, nodes, (Connector) i -> RawSocketClient.connect(port.applyAsInt(i)), otherSessions);
    }

    HealProbe(String prefix, int nodes, Connector connector, int otherSessions) throws IOException {
        this.prefix = prefix;
        this.nodes = nodes;
        this.otherSessions = otherSessions;
        for (int k = 0; k < nodes; k++) {
            RawSocketClient callee = join(connector.connect(k));
            callee.timeout(0); // it waits through a frozen node
            callee.send(new Register(callee.nextRequest(), Map.of(), procedure(k)));
            assertThat(callee.next()).isInstanceOf(Registered.class);
            callees.add(callee);
            answering.add(echo(callee));
            RawSocketClient subscriber = join(connector.connect(k));
            assertThat(subscriber.subscribe(topic())).isInstanceOf(Subscribed.class);
            subscribers.add(subscriber);
            callers.add(join(connector.connect(k)));
        }
    }

    private static RawSocketClient join(RawSocketClient c) throws IOException {
        assertThat(c.joinAnonymous("realm1")).isInstanceOf(Welcome.class);
        return c;
    }

    String procedure(int node) {
        return prefix + "." + node;
    }

    String topic() {
        return prefix + ".events";
    }

    /** The sessions of realm1 every node should count. */
    int expectedSessions() {
        return 3 * nodes + otherSessions;
    }

    /**
     * Polls every node until it is healed (see the class comment), at most {@code max}; returns how
     * long it took. Fails naming what was still missing where.
     */
    Duration awaitHealed(Duration max) throws IOException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        boolean[] healed = new boolean[nodes];
        String missing = "";
        while (true) {
            missing = "";
            for (int i = 0; i < nodes; i++) {
                if (!healed[i]) {
                    long t0 = System.nanoTime();
                    String m = missingOn(i);
                    if (System.nanoTime() - t0 > 300_000_000L) {
                        LOG.info("probing node {} took {} ms:{}", i, (System.nanoTime() - t0) / 1_000_000, m);
                    }
                    healed[i] = m.isEmpty();
                    missing += m;
                    if (healed[i]) {
                        LOG.info("node {} healed after {} ms", i, (System.nanoTime() - start) / 1_000_000);
                    }
                }
            }
            if (missing.isEmpty()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not healed after " + max + ": " + missing);
            }
            try {
                Thread.sleep(20); // a poll interval: the cluster repairs itself, there is nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /** What node {@code i} does not see yet, or "". */
    private String missingOn(int i) throws IOException {
        RawSocketClient caller = callers.get(i);
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < nodes; k++) {
            if (k != i) {
                WampMessage m;
                try {
                    m = caller.call(procedure(k), "probe");
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a call from node " + i + " to " + procedure(k) + " got no answer"
                            + " (neither RESULT nor ERROR) within the client's read timeout", e);
                }
                if (!(m instanceof Result)) {
                    out.append(" node ").append(i).append(" cannot call ").append(procedure(k)).append(" (")
                            .append(m instanceof Error e ? e.error() : m.type()).append(");");
                }
            }
        }
        long sessions = count(caller.call("wamp.session.count"));
        if (sessions != expectedSessions()) {
            out.append(" node ").append(i).append(" counts ").append(sessions).append(" sessions, not ")
                    .append(expectedSessions()).append(';');
        }
        WampMessage sub = caller.call("wamp.subscription.lookup", topic());
        Object id = sub instanceof Result r ? ((Payload.Arguments) r.payload()).args().get(0) : null;
        long subscribersSeen = id == null ? 0 : count(caller.call("wamp.subscription.count_subscribers", id));
        if (subscribersSeen != nodes) {
            out.append(" node ").append(i).append(" counts ").append(subscribersSeen).append(" subscribers;");
        }
        return out.toString();
    }

    private static long count(WampMessage m) {
        if (m instanceof Result r && r.payload() instanceof Payload.Arguments a && !a.args().isEmpty()
                && a.args().get(0) instanceof Number n) {
            return n.longValue();
        }
        return -1;
    }

    /** Every node publishes one event; the subscriber of every node receives all of them, in each publisher's order. */
    void assertEventsBothWays(String tag) throws IOException {
        for (int i = 0; i < nodes; i++) {
            RawSocketClient publisher = callers.get(i);
            publisher.send(new Publish(publisher.nextRequest(), Map.of(), topic(), Payload.of(List.of(tag, i))));
        }
        for (int k = 0; k < nodes; k++) {
            List<Object> from = new ArrayList<>();
            while (from.size() < nodes) {
                WampMessage m = subscribers.get(k).next();
                if (m instanceof Event e) {
                    List<Object> args = ((Payload.Arguments) e.payload()).args();
                    if (tag.equals(args.get(0))) {
                        from.add(((Number) args.get(1)).intValue());
                    }
                }
            }
            assertThat(from).as("events received on node " + k).containsExactlyInAnyOrder(
                    java.util.stream.IntStream.range(0, nodes).boxed().toArray());
        }
    }

    /** Calls from every node to the callee of every node answer (with the call's own argument). */
    void assertCallsBothWays() throws IOException {
        assertCallsAmong(java.util.stream.IntStream.range(0, nodes).toArray());
    }

    /** Calls between the given nodes (one side of a partition) answer (with the call's own argument). */
    void assertCallsAmong(int... among) throws IOException {
        for (int i : among) {
            for (int k : among) {
                String arg = i + "->" + k;
                RawSocketClient caller = callers.get(i);
                long request = caller.nextRequest();
                caller.send(new Call(request, Map.of(), procedure(k), Payload.of(List.of(arg))));
                WampMessage m = caller.next();
                assertThat(m).as("call from node " + i + " to node " + k).isInstanceOfSatisfying(Result.class, r -> {
                    assertThat(r.requestId()).isEqualTo(request);
                    assertThat(r.payload()).isEqualTo(Payload.of(List.of(arg)));
                });
            }
        }
    }

    /** Answers every INVOCATION with its arguments until the connection closes; waits through read timeouts. */
    private static Thread echo(RawSocketClient callee) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    WampMessage m = callee.next();
                    if (m instanceof Invocation inv) {
                        callee.send(new Yield(inv.requestId(), Map.of(), inv.payload()));
                    }
                } catch (SocketTimeoutException e) {
                    // keep waiting
                } catch (IOException | RuntimeException e) {
                    return; // closed
                }
            }
        }, "heal-probe-callee");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        for (List<RawSocketClient> clients : List.of(callers, subscribers, callees)) {
            for (RawSocketClient c : clients) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // its node may be gone
                }
            }
        }
    }
}
