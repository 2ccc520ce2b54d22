package io.bondy.bench.workload;

import io.bondy.bench.client.BenchConnection;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.client.Transport;
import io.bondy.bench.report.Check;
import io.bondy.bench.report.Table;
import io.bondy.bench.wamp.BenchSession;
import io.bondy.core.message.Call;
import io.bondy.core.message.Event;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Yield;
import io.bondy.core.serialization.SerializerKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The soak: a bounded run of mixed traffic against one Bondy process, watching that its resources stay
 * flat and that nothing is left hanging (docs/reliability.md#soak).
 *
 * <ul>
 *   <li>calls: 4 callers (WebSocket and RawSocket, every serializer), about 1,000 calls/s in all, at most
 *       32 in flight each: 89 % to {@value #ECHO} (two callees, round robin), 10 % to {@value #STUCK}
 *       with a 200 ms timeout, 1 % to {@value #STUCK} without one;</li>
 *   <li>a stuck callee of {@value #STUCK} that never answers, replaced every 5 s (quick) or 10 s: its
 *       pending calls must be answered with an ERROR when it leaves;</li>
 *   <li>publications: 2 publishers, about 200/s in all, a third acknowledged, to 5 topics that 3
 *       subscribers follow by prefix, and a slow subscriber that stops reading for 3 s of every 4;</li>
 *   <li>connection churn: up to 8 short sessions at a time (every transport and serializer), each
 *       subscribing, registering, calling, sometimes calling the stuck callee, then leaving with GOODBYE
 *       or dropping the connection.</li>
 * </ul>
 *
 * Every CALL and acknowledged PUBLISH of the long-lived sessions must be answered (RESULT, PUBLISHED or
 * ERROR) once the run drains. Heap after a full GC, open files and threads are sampled throughout; the
 * growth of their least-squares line over the samples after the warm-up must stay under the bounds
 * below ({@link #HEAP_ALLOWANCE} and so on); and once every soak connection is closed, open files and
 * threads must be back near where they were before the run.
 */
public final class Soak {

    static final String ECHO = "soak.echo";
    static final String STUCK = "soak.stuck";
    static final String TOPIC = "soak.topic";

    /**
     * Bounds (docs/reliability.md#soak) on the growth of the least-squares line across the measured window
     * of W minutes: an allowance for the noise of a busy server (in-flight calls and queued events in the
     * heap, churned connections among the open files) plus a rate: heap 8 MiB + 1 MiB/min x W, open files
     * 8 + 0.5/min x W, threads 2 + 0.1/min x W. A leak of 1 KiB per call at 1,000 calls/s grows 60 MiB a minute.
     */
    static final double HEAP_ALLOWANCE = 8.0 * 1024 * 1024;
    static final double HEAP_PER_MINUTE = 1.0 * 1024 * 1024;
    static final double FD_ALLOWANCE = 8;
    static final double FD_PER_MINUTE = 0.5;
    static final double THREAD_ALLOWANCE = 2;
    static final double THREAD_PER_MINUTE = 0.1;
    static final long FD_MARGIN = 16;
    static final long THREAD_MARGIN = 4;

    private static final int CALLERS = 4;
    private static final int MAX_IN_FLIGHT = 32;
    private static final int CALLS_PER_TICK = 5; // per caller, every 20 ms: 250/s each
    private static final int CHURN_CONCURRENCY = 8;

    private final BenchContext ctx;
    private final Server server;
    private final Duration duration;
    private final Duration stuckEvery;
    private final ConcurrentMap<String, AtomicLong> errorUris = new ConcurrentHashMap<>();
    private final List<SoakCaller> callers = new ArrayList<>();
    private final List<SoakCaller> publishers = new ArrayList<>();
    private final List<BenchSession> longLived = new ArrayList<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong slowEvents = new AtomicLong();
    private final AtomicLong slowClosedByRouter = new AtomicLong();
    private final AtomicLong churned = new AtomicLong();
    private final AtomicLong churnFailures = new AtomicLong();
    private final AtomicInteger churnActive = new AtomicInteger();
    private final AtomicLong stuckReplaced = new AtomicLong();
    private final AtomicLong interrupts = new AtomicLong();
    private final AtomicReference<BenchSession> stuck = new AtomicReference<>();
    private final AtomicReference<BenchSession> slow = new AtomicReference<>();
    private volatile boolean running = true;

    private Soak(BenchContext ctx, Server server, Duration duration) {
        this.ctx = ctx;
        this.server = server;
        this.duration = duration;
        this.stuckEvery = duration.compareTo(Duration.ofMinutes(5)) <= 0 ? Duration.ofSeconds(5) : Duration.ofSeconds(10);
    }

    /** Runs the soak for {@code duration}; returns whether every check passed. */
    public static boolean run(BenchContext ctx, Duration duration) throws Exception {
        Server server = ctx.server("bondy").orElseThrow(() -> new IllegalArgumentException("soak needs --bondy"));
        if (server.pid().isEmpty()) {
            throw new IllegalArgumentException("soak needs the server's PID (--bondy WS,RAW,PID)");
        }
        return new Soak(ctx, server, duration).run();
    }

    private boolean run() throws Exception {
        SoakSamples samples = new SoakSamples(server.pid().getAsLong());
        Duration every = duration.compareTo(Duration.ofMinutes(5)) <= 0 ? Duration.ofSeconds(10) : Duration.ofSeconds(30);
        double warmUpMinutes = Math.min(5, duration.toSeconds() / 60.0 * 0.25);
        // warm both ends up a little, then the baseline
        churnOnce(endpoint(0)).get(30, TimeUnit.SECONDS);
        SoakSamples.Sample before = samples.take();
        setUp();
        ScheduledExecutorService loops = Executors.newScheduledThreadPool(2, daemon("soak"));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("soak-sampler"));
        long start = System.nanoTime();
        loops.scheduleAtFixedRate(this::pace, 20, 20, TimeUnit.MILLISECONDS);
        loops.scheduleAtFixedRate(this::toggleSlowSubscriber, 1, 1, TimeUnit.SECONDS);
        loops.scheduleAtFixedRate(this::replaceStuckCallee, stuckEvery.toMillis(), stuckEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        loops.scheduleAtFixedRate(this::churn, 50, 50, TimeUnit.MILLISECONDS);
        sampler.scheduleAtFixedRate(samples::take, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        Thread.sleep(duration.toMillis());
        sampler.shutdown(); // every sample is taken under traffic
        sampler.awaitTermination(60, TimeUnit.SECONDS);
        running = false;
        loops.shutdown();
        loops.awaitTermination(10, TimeUnit.SECONDS);
        double minutes = (System.nanoTime() - start) / 60e9;
        // drain: calls with a timeout end by themselves; those without end when the stuck callee leaves
        replaceStuckCallee();
        long drainUntil = System.nanoTime() + stuckEvery.plusSeconds(10).toNanos();
        while (System.nanoTime() < drainUntil && inFlight() > 0) {
            Thread.sleep(100);
        }
        Map<String, Long> unanswered = unanswered();
        long lostSessions = longLived.stream().filter(s -> !s.connection().isActive()).count();
        closeAll();
        Thread.sleep(2000);
        SoakSamples.Sample after = samples.take();
        return report(samples, before, after, warmUpMinutes, minutes, unanswered, lostSessions);
    }

    // ---- set-up ----

    private void setUp() throws Exception {
        for (int i = 0; i < 2; i++) {
            BenchSession callee = join(endpoint(i + 1), (s, m) -> {
                if (m instanceof Invocation inv) {
                    s.send(new Yield(inv.requestId(), Map.of(), inv.payload()));
                }
            });
            callee.register(ECHO, Map.of("invoke", "roundrobin")).get(10, TimeUnit.SECONDS);
            longLived.add(callee);
        }
        replaceStuckCallee();
        for (int i = 0; i < CALLERS + 2; i++) {
            SoakCaller caller = new SoakCaller(errorUris);
            BenchSession s = join(endpoint(i), (session, m) -> caller.onMessage(m));
            caller.attach(s);
            longLived.add(s);
            (i < CALLERS ? callers : publishers).add(caller);
        }
        for (int i = 0; i < 3; i++) {
            BenchSession sub = join(endpoint(i + 3), (s, m) -> {
                if (m instanceof Event) {
                    events.incrementAndGet();
                }
            });
            subscribePrefix(sub);
            longLived.add(sub);
        }
        openSlowSubscriber();
    }

    private static void subscribePrefix(BenchSession s) {
        // SUBSCRIBE with options is not in BenchSession's API: send it as a plain message
        s.send(new Subscribe(s.nextRequestId(), Map.of("match", "prefix"), TOPIC + "."));
    }

    private void openSlowSubscriber() {
        try {
            BenchSession s = join(endpoint(ThreadLocalRandom.current().nextInt(6)), (session, m) -> {
                if (m instanceof Event) {
                    slowEvents.incrementAndGet();
                }
            });
            subscribePrefix(s);
            slow.set(s);
        } catch (Exception e) {
            slowClosedByRouter.incrementAndGet();
        }
    }

    // ---- traffic ----

    private void pace() {
        if (!running) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (SoakCaller caller : callers) {
            if (!caller.isOpen()) {
                continue;
            }
            for (int i = 0; i < CALLS_PER_TICK && caller.inFlight() < MAX_IN_FLIGHT; i++) {
                int roll = random.nextInt(100);
                if (roll < 89) {
                    caller.call(ECHO, Map.of());
                } else if (roll < 99) {
                    caller.call(STUCK, Map.of("timeout", 200));
                } else {
                    caller.call(STUCK, Map.of());
                }
            }
        }
        for (SoakCaller publisher : publishers) {
            if (publisher.isOpen()) {
                for (int i = 0; i < 2; i++) {
                    publisher.publish(TOPIC + "." + random.nextInt(5), random.nextInt(3) == 0);
                }
            }
        }
    }

    private void toggleSlowSubscriber() {
        BenchSession s = slow.get();
        if (s == null || !s.connection().isActive()) {
            if (s != null) {
                slowClosedByRouter.incrementAndGet();
            }
            if (running) {
                openSlowSubscriber();
            }
            return;
        }
        long second = System.nanoTime() / 1_000_000_000L;
        s.connection().setAutoRead(second % 4 == 3); // reads one second in four
    }

    private void replaceStuckCallee() {
        BenchSession old = stuck.getAndSet(null);
        if (old != null) {
            old.leave();
            stuckReplaced.incrementAndGet();
        }
        if (!running && old != null) {
            return;
        }
        try {
            BenchSession s = join(endpoint(ThreadLocalRandom.current().nextInt(6)), (session, m) -> {
                if (m instanceof Interrupt) {
                    interrupts.incrementAndGet(); // and still never answers
                }
            });
            // the old registration may still be there for a moment: retry until the router lets go of it
            for (int attempt = 0; attempt < 50; attempt++) {
                if (s.register(STUCK, Map.of()).get(10, TimeUnit.SECONDS) instanceof Registered) {
                    break;
                }
                Thread.sleep(20);
            }
            stuck.set(s);
        } catch (Exception e) {
            churnFailures.incrementAndGet();
        } catch (Throwable t) {
            churnFailures.incrementAndGet();
        }
    }

    private void churn() {
        while (running && churnActive.get() < CHURN_CONCURRENCY) {
            churnActive.incrementAndGet();
            churnOnce(endpoint(ThreadLocalRandom.current().nextInt(6))).whenComplete((x, e) -> {
                churnActive.decrementAndGet();
                if (e != null) {
                    churnFailures.incrementAndGet();
                } else {
                    churned.incrementAndGet();
                }
            });
        }
    }

    /** One short session: join, subscribe, register, call, maybe call the stuck callee, then leave or drop. */
    private CompletableFuture<Void> churnOnce(Endpoint endpoint) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean goodbye = random.nextBoolean();
        boolean stuckCall = random.nextInt(5) == 0;
        long lifeMillis = 100 + random.nextInt(300);
        String procedure = "soak.churn." + System.nanoTime();
        return BenchSession.join(ctx.connector(), endpoint, BenchContext.REALM, (s, m) -> { })
                .thenCompose(s -> s.subscribe(TOPIC + ".0").thenCompose(x -> s.register(procedure, Map.of()))
                        .thenApply(x -> s))
                .thenCompose(s -> {
                    s.send(new Call(s.nextRequestId(), Map.of(), ECHO, Payload.NONE));
                    if (stuckCall) {
                        s.send(new Call(s.nextRequestId(), Map.of(), STUCK, Payload.NONE));
                    }
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    s.eventLoop().schedule(() -> {
                        if (goodbye) {
                            s.send(new Goodbye(Map.of(), "wamp.close.close_realm"));
                        }
                        s.connection().close().addListener(f -> done.complete(null));
                    }, lifeMillis, TimeUnit.MILLISECONDS);
                    return done;
                })
                .orTimeout(30, TimeUnit.SECONDS);
    }

    // ---- end ----

    private int inFlight() {
        int n = 0;
        for (SoakCaller c : callers) {
            n += c.isOpen() ? c.inFlight() : 0;
        }
        for (SoakCaller c : publishers) {
            n += c.isOpen() ? c.inFlight() : 0;
        }
        return n;
    }

    private Map<String, Long> unanswered() {
        Map<String, Long> what = new TreeMap<>();
        List<SoakCaller> all = new ArrayList<>(callers);
        all.addAll(publishers);
        for (SoakCaller c : all) {
            if (c.isOpen()) {
                c.unanswered().values().forEach(v -> what.merge(v, 1L, Long::sum));
            }
        }
        return what;
    }

    private void closeAll() {
        List<BenchConnection> connections = new ArrayList<>();
        longLived.forEach(s -> connections.add(s.connection()));
        BenchSession st = stuck.getAndSet(null);
        if (st != null) {
            connections.add(st.connection());
        }
        BenchSession sl = slow.getAndSet(null);
        if (sl != null) {
            connections.add(sl.connection());
        }
        connections.forEach(c -> c.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (churnActive.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean report(SoakSamples samples, SoakSamples.Sample before, SoakSamples.Sample after,
                           double warmUpMinutes, double minutes, Map<String, Long> unanswered, long lostSessions) {
        Table table = new Table(String.format(Locale.ROOT, "Soak: %.1f minutes of mixed traffic, resources of the"
                + " Bondy process", minutes), "minute", "heap after GC", "open files", "threads", "RSS");
        table.row("before", mib(before.heapBytes()), before.openFiles(), before.threads(), mib(before.rssBytes()));
        for (SoakSamples.Sample s : samples.all()) {
            if (s != before && s != after) {
                table.row(String.format(Locale.ROOT, "%.1f", s.minutes()), mib(s.heapBytes()), s.openFiles(),
                        s.threads(), mib(s.rssBytes()));
            }
        }
        table.row("after (all closed)", mib(after.heapBytes()), after.openFiles(), after.threads(), mib(after.rssBytes()));
        table.note(String.format(Locale.ROOT, "Growth is that of the least-squares line over the samples from minute"
                + " %.1f on (the first quarter, at most 5 minutes, is warm-up), all taken under traffic.", warmUpMinutes));
        ctx.add(table);

        List<SoakSamples.Sample> measured = samples.from(warmUpMinutes).stream().filter(s -> s != after).toList();
        double window = measured.isEmpty() ? 0 : measured.get(measured.size() - 1).minutes() - measured.get(0).minutes();
        boolean pass = true;
        double heapGrowth = SoakSamples.slope(measured, SoakSamples.Sample::heapBytes) * window;
        double heapBound = HEAP_ALLOWANCE + HEAP_PER_MINUTE * window;
        pass &= check("heap after GC: growth of the fitted line", growth(mib(heapGrowth), window),
                "<= " + mib(heapBound), heapGrowth <= heapBound);
        double fdGrowth = SoakSamples.slope(measured, SoakSamples.Sample::openFiles) * window;
        double fdBound = FD_ALLOWANCE + FD_PER_MINUTE * window;
        pass &= check("open files: growth of the fitted line", growth(fmt(fdGrowth), window), "<= " + fmt(fdBound),
                fdGrowth <= fdBound);
        double threadGrowth = SoakSamples.slope(measured, SoakSamples.Sample::threads) * window;
        double threadBound = THREAD_ALLOWANCE + THREAD_PER_MINUTE * window;
        pass &= check("threads: growth of the fitted line", growth(fmt(threadGrowth), window), "<= " + fmt(threadBound),
                threadGrowth <= threadBound);
        pass &= check("open files once all soak connections closed", before.openFiles() + " -> " + after.openFiles(),
                "<= before + " + FD_MARGIN, after.openFiles() >= 0 && after.openFiles() <= before.openFiles() + FD_MARGIN);
        pass &= check("threads once all soak connections closed", before.threads() + " -> " + after.threads(),
                "<= before + " + THREAD_MARGIN, after.threads() >= 0 && after.threads() <= before.threads() + THREAD_MARGIN);
        long requests = 0;
        long answered = 0;
        for (SoakCaller c : callers) {
            requests += c.results.get() + c.errors.get() + c.inFlight();
            answered += c.results.get() + c.errors.get();
        }
        for (SoakCaller c : publishers) {
            answered += c.published.get() + c.errors.get();
        }
        long left = unanswered.values().stream().mapToLong(Long::longValue).sum();
        pass &= check("every CALL and acknowledged PUBLISH answered (RESULT/PUBLISHED or ERROR)",
                left == 0 ? answered + " answered, none left" : left + " unanswered: " + unanswered, "0 unanswered",
                left == 0);
        pass &= check("long-lived sessions kept by the router", lostSessions + " of " + longLived.size() + " lost",
                "0 lost", lostSessions == 0);

        Table traffic = new Table("Soak: traffic", "what", "count");
        long results = callers.stream().mapToLong(c -> c.results.get()).sum();
        traffic.row("calls sent by the long-lived callers", requests);
        traffic.row("RESULTs", results);
        traffic.row("ERRORs (calls and publications), by URI", new TreeMap<>(errorUris.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))));
        traffic.row("PUBLISHED", publishers.stream().mapToLong(c -> c.published.get()).sum());
        traffic.row("EVENTs to the 3 subscribers / to the slow subscriber", events.get() + " / " + slowEvents.get());
        traffic.row("slow subscriber connections closed by the router", slowClosedByRouter.get());
        traffic.row("stuck callee replaced (its pending calls end in ERROR)", stuckReplaced.get());
        traffic.row("INTERRUPTs to the stuck callee (timeouts)", interrupts.get());
        traffic.row("churned sessions (join, subscribe, register, call, leave or drop)", churned.get());
        traffic.row("churned sessions that failed (connect, join or timeout)", churnFailures.get());
        ctx.add(traffic);
        return pass;
    }

    private boolean check(String target, String measured, String bound, boolean pass) {
        ctx.add(Check.of(target, "soak", measured, bound, pass));
        return pass;
    }

    // ---- helpers ----

    /** The six transport x serializer endpoints, by index. */
    private Endpoint endpoint(int i) {
        Transport t = i % 2 == 0 ? Transport.WEBSOCKET : Transport.RAWSOCKET;
        return server.endpoint(t, SerializerKind.values()[(i / 2) % 3]);
    }

    private BenchSession join(Endpoint endpoint, BenchSession.Handler handler) throws Exception {
        return BenchSession.join(ctx.connector(), endpoint, BenchContext.REALM, handler).get(30, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / (1024 * 1024));
    }

    /** A reading: -1 means it could not be taken. */
    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : mib((double) bytes);
    }

    private static String growth(String amount, double window) {
        return String.format(Locale.ROOT, "%s over %.1f min", amount, window);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
