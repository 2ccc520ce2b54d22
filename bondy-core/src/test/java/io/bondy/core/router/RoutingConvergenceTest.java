package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static io.bondy.core.router.Rpc.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Result;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import io.bondy.core.message.Unsubscribe;
import io.bondy.core.message.Unsubscribed;
import io.bondy.core.message.Yield;
import io.bondy.core.router.relay.RelayMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every node ends with exactly the routes and sessions of the current members, whatever the order of
 * view installations and messages and whatever is lost (issue 19): each node's copy of every other
 * node has that node's incarnation, sequence number and hash, and its tables hold exactly those routes.
 * Views are installed node by node, as JGroups does ({@link InMemoryCluster#install}).
 */
class RoutingConvergenceTest {

    private InMemoryCluster cluster = InMemoryCluster.of("a", "b", "c");
    private static final AtomicLong REQUESTS = new AtomicLong(50_000);

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Finding 1: the members install the view first and send their states before the joiner has it. */
    @Test
    void aJoinerThatGetsTheOthersStatesBeforeItInstallsTheViewKeepsThem() {
        RouterFixture.Client onA = cluster.join("a");
        register(onA, "com.a.proc");
        subscribe(onA, "com.a.topic");
        RouterFixture.Client onC = cluster.join("c");
        register(onC, "com.c.proc");
        cluster.settle();

        // c leaves: everyone drops everyone
        cluster.install("a", false, "a", "b");
        cluster.install("b", false, "a", "b");
        cluster.install("c", false, "c");
        cluster.settle();
        // c rejoins: a (the coordinator) and b install the view first and send their states; c is not in a view yet
        cluster.install("c", false);
        cluster.install("a", false, "a", "b", "c");
        cluster.install("b", false, "a", "b", "c");
        cluster.settle();
        cluster.install("c", false, "a", "b", "c");
        cluster.settle();

        assertConverged();
        assertCallable("c", "com.a.proc", onA);
        assertCallable("a", "com.c.proc", onC);
        assertThat(sessionCount("c")).isEqualTo(2);
    }

    /**
     * Finding 2: c hangs; a and b remove it; it comes back and the views merge, but c never removed a and
     * b from its own view, so for c the merge is no join. Both sides must learn each other's state again.
     */
    @Test
    void aNodeBackFromAHangWhoseOwnViewNeverChangedIsLearntAgainAfterTheMerge() {
        RouterFixture.Client onA = cluster.join("a");
        register(onA, "com.a.proc");
        RouterFixture.Client onC = cluster.join("c");
        register(onC, "com.c.proc");
        cluster.settle();

        cluster.isolate("c");
        cluster.install("a", false, "a", "b");
        cluster.install("b", false, "a", "b");
        // meanwhile a gets a new callee (c never hears of it)
        RouterFixture.Client onA2 = cluster.join("a");
        register(onA2, "com.a.late");
        cluster.settle();
        cluster.reconnect("c");
        // the merge: a and b see c join; c sees the same members as before
        cluster.install("c", true, "a", "b", "c");
        cluster.install("a", true, "a", "b", "c");
        cluster.install("b", true, "a", "b", "c");
        cluster.settle();

        assertConverged();
        assertCallable("a", "com.c.proc", onC);
        assertCallable("b", "com.c.proc", onC);
        assertCallable("c", "com.a.late", onA2);
    }

    /** A view change that changes nothing for anyone still makes every node compare digests. */
    @Test
    void everyViewChangeComparesDigestsSoAChangeLostWithoutADepartureIsRepaired() {
        RouterFixture.Client onB = cluster.join("b");
        cluster.lose((from, to, m) -> from.equals("b") && to.equals("a") && m instanceof RelayMessage.Routes);
        register(onB, "com.b.proc");
        cluster.settle();
        cluster.lose((from, to, m) -> false);
        assertThat(remoteRoutes("a")).isZero();

        cluster.install("a", false, "a", "b", "c"); // same members: b's digest does not reach a, a's copy...
        cluster.install("b", false, "a", "b", "c"); // ...but b's view change sends a its digest
        cluster.settle();

        assertConverged();
        assertCallable("a", "com.b.proc", onB);
    }

    @Test
    void aLostChangeIsSeenAsAGapAtTheNextOneAndRepaired() {
        RouterFixture.Client onB = cluster.join("b");
        AtomicInteger routes = new AtomicInteger();
        cluster.lose((from, to, m) -> to.equals("a") && m instanceof RelayMessage.Routes
                && routes.incrementAndGet() == 1);
        register(onB, "com.b.first"); // lost on its way to a
        register(onB, "com.b.second"); // a sees change n+2 after n: it asks b for its state
        cluster.settle();

        assertConverged();
        assertCallable("a", "com.b.first", onB);
    }

    @Test
    void aLostLastChangeIsRepairedByThePeriodicDigest() {
        RouterFixture.Client onB = cluster.join("b");
        cluster.lose((from, to, m) -> to.equals("a") && m instanceof RelayMessage.Routes);
        register(onB, "com.b.only");
        cluster.settle();
        cluster.lose((from, to, m) -> false);
        assertThat(remoteRoutes("a")).isZero();

        cluster.repairRound();

        assertConverged();
        assertCallable("a", "com.b.only", onB);
    }

    @Test
    void aLostStateRequestOrStateIsAskedForAgain() {
        RouterFixture.Client onB = cluster.join("b");
        AtomicInteger lost = new AtomicInteger();
        cluster.lose((from, to, m) -> to.equals("a") && (m instanceof RelayMessage.Routes
                || m instanceof RelayMessage.State) && lost.incrementAndGet() <= 3);
        register(onB, "com.b.one");
        register(onB, "com.b.two"); // a gap: a asks, b's state is lost too
        cluster.settle();
        cluster.repairRound(); // the request is repeated after its retry delay; this state is lost as well
        cluster.repairRound();

        assertConverged();
        assertThat(lost.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aStaleStateDoesNotUndoNewerChanges() {
        RouterFixture.Client onB = cluster.join("b");
        List<byte[]> states = new ArrayList<>();
        cluster.lose((from, to, m) -> {
            if (from.equals("b") && to.equals("a") && m instanceof RelayMessage.State) {
                states.add(io.bondy.core.router.relay.RelayMessage.encode(m));
            }
            return false;
        });
        cluster.install("b", true, "a", "b", "c"); // a merge: b sends its state to everyone
        cluster.settle();
        assertThat(states).hasSize(1);
        long registration = register(onB, "com.b.newer");
        cluster.settle();

        cluster.routing("a").receive("b", states.get(0)); // the old state arrives again, late
        assertCallable("a", "com.b.newer", onB);
        assertConverged();
        onB.send(new Unregister(REQUESTS.incrementAndGet(), registration));
        onB.next(Unregistered.class);
        cluster.settle();
        assertConverged();
    }

    @Test
    void aRestartedNodeIsANewIncarnationWhoseStateReplacesTheOld() {
        RouterFixture.Client onC = cluster.join("c");
        register(onC, "com.c.old");
        cluster.settle();

        cluster.restart("c");
        RouterFixture.Client again = cluster.join("c");
        register(again, "com.c.new");
        cluster.reconnect("c");
        for (String n : List.of("c", "a", "b")) {
            cluster.install(n, false, "a", "b", "c");
        }
        cluster.settle();

        assertConverged();
        assertCallable("a", "com.c.new", again);
        RouterFixture.Client caller = cluster.join("a");
        caller.send(new Call(1, Map.of(), "com.c.old", null));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
    }

    @Test
    void messagesOfANodeNotInTheViewAreHeldNotAppliedThenDroppedWhenItLeaves() {
        cluster.install("a", false, "a", "b"); // c is not in a's view (c and b still have a)
        RouterFixture.Client onC = cluster.join("c");
        register(onC, "com.c.proc");
        cluster.settle();
        assertThat(remoteRoutes("a")).isZero(); // held, not applied
        assertThat(syncOf("a", "c")).containsEntry("held", 2); // the session and the route

        cluster.install("a", false, "a", "b", "c");
        cluster.settle();
        assertConverged();
        assertCallable("a", "com.c.proc", onC);
    }

    // ---- a seeded randomized schedule ----

    static List<Long> seeds() {
        String fixed = System.getProperty("bondy.relay.seed");
        if (fixed != null) {
            return List.of(Long.parseLong(fixed));
        }
        int runs = Integer.getInteger("bondy.relay.schedules", 8);
        List<Long> out = new ArrayList<>();
        for (long s = 1; s <= runs; s++) {
            out.add(s * 7919);
        }
        return out;
    }

    /**
     * Random sessions, registrations, subscriptions and their removal on random nodes, interleaved with
     * views installed node by node in random order (merges included), nodes cut off without a view
     * change, and messages lost at random; then the network heals, every node installs the full view
     * (in random order) and runs its periodic repair: every node must have converged. Run one schedule
     * with {@code -Dbondy.relay.seed=N}; {@code -Dbondy.relay.schedules=N} runs N of them.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRandomScheduleOfChangesViewsCutsAndLossesConverges(long seed) {
        cluster.close();
        cluster = InMemoryCluster.of("a", "b", "c", "d");
        Random random = new Random(seed);
        Random losses = new Random(~seed); // relay threads draw from it: the schedule's own draws stay reproducible
        List<String> names = List.copyOf(cluster.names());
        Map<String, List<Held>> held = new java.util.HashMap<>();
        names.forEach(n -> held.put(n, new ArrayList<>()));
        double[] lossRate = {0};
        cluster.lose((from, to, m) -> {
            synchronized (losses) {
                return lossRate[0] > 0 && losses.nextDouble() < lossRate[0];
            }
        });
        for (int step = 0; step < 150; step++) {
            int what = random.nextInt(100);
            String node = names.get(random.nextInt(names.size()));
            List<Held> mine = held.get(node);
            if (what < 20) {
                mine.add(new Held(cluster.join(node)));
            } else if (what < 35 && !mine.isEmpty()) {
                Held h = mine.get(pick(random, mine.size()));
                String procedure = "com.random.p" + pick(random, 6);
                if (!h.registrations.containsKey(procedure)) {
                    h.registrations.put(procedure, register(h.client, procedure, Map.of("invoke", "roundrobin")));
                }
            } else if (what < 45 && !mine.isEmpty()) {
                Held h = mine.get(pick(random, mine.size()));
                String topic = "com.random.t" + pick(random, 6);
                if (!h.subscriptions.containsKey(topic)) {
                    h.subscriptions.put(topic, subscribe(h.client, topic));
                }
            } else if (what < 52 && !mine.isEmpty()) {
                Held h = mine.get(pick(random, mine.size()));
                if (!h.registrations.isEmpty()) {
                    String p = List.copyOf(h.registrations.keySet()).get(pick(random, h.registrations.size()));
                    h.client.send(new Unregister(REQUESTS.incrementAndGet(), h.registrations.remove(p)));
                    h.client.next(Unregistered.class);
                } else if (!h.subscriptions.isEmpty()) {
                    String t = List.copyOf(h.subscriptions.keySet()).get(pick(random, h.subscriptions.size()));
                    h.client.send(new Unsubscribe(REQUESTS.incrementAndGet(), h.subscriptions.remove(t)));
                    h.client.next(Unsubscribed.class);
                }
            } else if (what < 60 && !mine.isEmpty()) {
                mine.remove(pick(random, mine.size())).client.session().transportClosed();
            } else if (what < 75) {
                List<String> view = new ArrayList<>(List.of(node));
                for (String other : names) {
                    if (!other.equals(node) && pick(random, 3) > 0) {
                        view.add(other);
                    }
                }
                cluster.install(node, pick(random, 4) == 0, view.toArray(String[]::new));
            } else if (what < 82) {
                if (pick(random, 2) == 0) {
                    cluster.isolate(node);
                } else {
                    cluster.reconnect(node);
                }
            } else if (what < 88) {
                synchronized (losses) {
                    lossRate[0] = lossRate[0] > 0 ? 0 : 0.2;
                }
            } else if (what < 94) {
                cluster.settle();
            } else {
                cluster.repairRound();
            }
        }
        // heal: no more losses, everyone connected, every node installs the full view in random order
        synchronized (losses) {
            lossRate[0] = 0;
        }
        names.forEach(cluster::reconnect);
        cluster.settle();
        List<String> order = new ArrayList<>(names);
        java.util.Collections.shuffle(order, random);
        boolean merge = random.nextBoolean();
        for (String n : order) {
            cluster.install(n, merge, names.toArray(String[]::new));
        }
        cluster.settle();
        for (int round = 0; round < 3; round++) {
            cluster.repairRound();
        }
        assertConverged();
        // and the tables hold what the sessions hold: every node's meta API counts every session
        int sessions = held.values().stream().mapToInt(List::size).sum();
        for (String n : names) {
            assertThat(sessionCount(n)).as("sessions seen on " + n + " (seed " + seed + ")").isEqualTo(sessions);
        }
    }

    private static int pick(Random random, int bound) {
        return random.nextInt(bound);
    }

    /** A client of the random schedule and what it holds. */
    private static final class Held {
        final RouterFixture.Client client;
        final Map<String, Long> registrations = new java.util.HashMap<>();
        final Map<String, Long> subscriptions = new java.util.HashMap<>();

        Held(RouterFixture.Client client) {
            this.client = client;
        }
    }

    // ---- what converged means ----

    /**
     * Every node's copy of every other node is complete and has that node's incarnation, sequence
     * number and hash; and every node's tables hold exactly the others' routes (stub attachments).
     */
    private void assertConverged() {
        for (String n : cluster.names()) {
            Map<String, Object> own = own(n);
            for (String other : cluster.names()) {
                if (other.equals(n)) {
                    continue;
                }
                Map<String, Object> copy = syncOf(other, n);
                assertThat(copy).as("node " + other + "'s copy of node " + n + " (own state " + own + ")")
                        .containsEntry("complete", true)
                        .containsEntry("incarnation", own.get("incarnation"))
                        .containsEntry("seq", own.get("seq"))
                        .containsEntry("hash", own.get("hash"))
                        .containsEntry("routes", own.get("routes"))
                        .containsEntry("sessions", own.get("sessions"));
            }
        }
        for (String n : cluster.names()) {
            int expected = 0;
            for (String other : cluster.names()) {
                if (!other.equals(n)) {
                    expected += ((Number) own(other).get("routes")).intValue();
                }
            }
            assertThat(remoteRoutes(n)).as("routes of the other nodes in the tables of " + n).isEqualTo(expected);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> own(String node) {
        return (Map<String, Object>) cluster.routing(node).stats().get("sync");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> syncOf(String node, String of) {
        Map<String, Object> nodes = (Map<String, Object>) own(node).get("nodes");
        return (Map<String, Object>) nodes.getOrDefault(of, Map.of());
    }

    private int remoteRoutes(String node) {
        return ((Number) cluster.routing(node).stats().get("remote_routes")).intValue();
    }

    private int sessionCount(String node) {
        RouterFixture.Client asker = cluster.node(node).join();
        try {
            return ((Number) Rpc.first(Rpc.call(asker, "wamp.session.count", List.of()))).intValue() - 1;
        } finally {
            asker.session().transportClosed();
            cluster.settle();
        }
    }

    /** A client on {@code node} calls {@code procedure}; {@code callee} answers; the caller gets the RESULT. */
    private void assertCallable(String node, String procedure, RouterFixture.Client callee) {
        RouterFixture.Client caller = cluster.join(node);
        long request = REQUESTS.incrementAndGet();
        caller.send(new Call(request, Map.of(), procedure, null));
        Invocation inv = callee.next(Invocation.class);
        callee.send(new Yield(inv.requestId(), Map.of(), null));
        assertThat(caller.next(Result.class).requestId()).isEqualTo(request);
        caller.session().transportClosed();
        cluster.settle();
    }
}
