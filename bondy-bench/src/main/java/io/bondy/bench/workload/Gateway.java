package io.bondy.bench.workload;

import io.bondy.bench.client.Transport;
import io.bondy.bench.report.Check;
import io.bondy.bench.report.Fmt;
import io.bondy.bench.report.Latency;
import io.bondy.bench.report.Table;
import io.bondy.core.serialization.SerializerKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Workload 6: the HTTP API gateway. HTTP/1.1 keep-alive {@code POST /bench/echo} with
 * {@code {"n":SEQ}} through Bondy's gateway, whose spec ({@code bench/gateway/api_spec.json}, loaded
 * at start by {@code api_gateway.config_file}) turns it into a {@code wamp_call} of
 * {@value #PROCEDURE} with {@code [n]}; a callee session of the load generator YIELDs the arguments
 * back and the gateway answers {@code 200 {"n":SEQ}}. The bound is the echo server's plain HTTP port,
 * which answers every request 200 with its own body: the same bytes, no WAMP work. Closed loop, one
 * request in flight per connection, 1 and 64 connections; the bound and the gateway alternate in
 * rounds within the run so that the load of the machine falls on both alike, and the figures are
 * reported as ratios to the bound.
 */
public final class Gateway {

    static final String PROCEDURE = "bench.gateway.echo";
    static final String PATH = "/bench/echo";
    static final String STATIC_PATH = "/bench/static";
    /** 64 first: the 1-connection rows then run on code the JIT has finished compiling. */
    private static final List<Integer> CONNECTIONS = List.of(64, 1);
    private static final double TARGET = 0.5;
    private static final int MAX_WARM_UP_ROUNDS = 10;
    private static final double JIT_QUIET = 0.05;

    private Gateway() {
    }

    public static void run(BenchContext ctx, int echoHttpPort) throws Exception {
        Server bondy = ctx.server("bondy").orElseThrow(() -> new IllegalArgumentException("--bondy is required"));
        if (echoHttpPort <= 0) {
            throw new IllegalArgumentException("--echo-http is required");
        }
        boolean quick = ctx.settings().quick();
        Duration warmup = quick ? Duration.ofMillis(500) : Duration.ofSeconds(2);
        Duration round = quick ? Duration.ofMillis(1500) : Duration.ofSeconds(4);
        int rounds = quick ? 3 : 5;

        Table table = new Table("6. HTTP gateway: POST → wamp_call → callee → 200 (keep-alive, closed loop)",
                "connections", "server", "requests/s", "p50", "p99", "errors/lost", "server CPU/request", "req/s vs bound",
                "p50 vs bound", "p99 vs bound", "req/s ratio per round");
        ProcessProbe bondyProbe = bondy.pid().isPresent() ? new ProcessProbe(bondy.pid().getAsLong()) : null;
        ProcessProbe echoProbe = ctx.server("echo").flatMap(e -> e.pid().isPresent()
                ? java.util.Optional.of(new ProcessProbe(e.pid().getAsLong())) : java.util.Optional.empty()).orElse(null);
        String warm = "none";
        Callee callee = Callee.join(ctx.connector(), bondy.endpoint(Transport.WEBSOCKET, SerializerKind.MSGPACK),
                BenchContext.REALM).get(30, TimeUnit.SECONDS);
        try {
            String refusal = callee.register(PROCEDURE, Map.of()).get(30, TimeUnit.SECONDS);
            if (refusal != null) {
                table.row("", "bondy", "n/a (" + refusal + ")");
                ctx.add(table);
                return;
            }
            warm = warmUp(ctx, bondy, echoHttpPort, bondyProbe, quick);
            for (int n : CONNECTIONS) {
                List<Side> sides = new ArrayList<>();
                try {
                    sides.add(new Side("bound (bare Netty HTTP)", new HttpClosedLoop(ctx.connector(), Server.HOST,
                            echoHttpPort, PATH, n), echoProbe));
                    sides.add(new Side("bondy gateway, static action", new HttpClosedLoop(ctx.connector(), Server.HOST,
                            bondy.wsPort(), STATIC_PATH, n), bondyProbe));
                    sides.add(new Side("bondy gateway, wamp_call", new HttpClosedLoop(ctx.connector(), Server.HOST,
                            bondy.wsPort(), PATH, n), bondyProbe));
                    for (Side side : sides) {
                        side.loop.run(warmup, null);
                    }
                    Side b = sides.get(0);
                    Side g = sides.get(2);
                    List<String> perRound = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        for (Side side : sides) {
                            side.round(round);
                        }
                        perRound.add(String.format(Locale.ROOT, "%.2f", g.lastRate / b.lastRate));
                    }
                    Latency.Summary bl = b.latency.summary();
                    double bRate = b.ok / b.seconds;
                    for (Side side : sides) {
                        Latency.Summary l = side == b ? bl : side.latency.summary();
                        double rate = side.ok / side.seconds;
                        boolean isBound = side == b;
                        table.row(n, side.name, Fmt.rate(rate), Fmt.micros(l.p50()), Fmt.micros(l.p99()),
                                side.failures(), side.cpuPerRequest(), isBound ? "" : Fmt.ratio(rate / bRate),
                                isBound ? "" : Fmt.ratio((double) l.p50() / bl.p50()),
                                isBound ? "" : Fmt.ratio((double) l.p99() / bl.p99()),
                                side == g ? String.join(" ", perRound) : "");
                        ctx.plot("HTTP gateway requests/s", "requests/s", side.name, n + " conn", rate);
                        if (side.firstBad != null) {
                            table.note("first unexpected answer of " + side.name + " (" + n + " connections): "
                                    + side.firstBad);
                        }
                    }
                    if (n == 64) {
                        double gRate = g.ok / g.seconds;
                        ctx.add(Check.of("gateway wamp_call requests/s >= " + TARGET + "x bound", n + " connections",
                                Fmt.ratio(gRate / bRate), Fmt.ratio(TARGET),
                                gRate / bRate >= TARGET && g.bad == 0 && g.lost == 0));
                    }
                } finally {
                    sides.forEach(side -> side.loop.close());
                }
            }
        } finally {
            callee.close();
        }
        table.note(String.format(Locale.ROOT, "Warm-up, unrecorded: %s; then per connection count: %.1f s unrecorded warm-up of each, then %d rounds of"
                + " %.1f s of each row in turn; rates and percentiles over all rounds. The last column is each round's"
                + " wamp_call/bound rate (the spread is the machine's noise). The static action (`POST /bench/static`,"
                + " answered by the gateway itself with the same body) is the gateway's HTTP cost without the WAMP call.",
                warm, warmup.toMillis() / 1000.0, rounds, round.toMillis() / 1000.0));
        table.note("A request counts only when answered 200 with exactly its own body `{\"n\":SEQ}`; errors = other"
                + " answers, lost = connections whose last request got no answer within 10 s. One request in flight"
                + " per connection; the callee is one WebSocket/MessagePack session of the load generator. Server CPU/request:"
                + " the CPU time of the server process (all threads, /proc/PID/stat, 10 ms resolution) over its rounds"
                + " divided by the requests answered in them.");
        ctx.add(table);
    }

    /**
     * Rounds of 1 s per row with 16 connections until Bondy's JIT compiler threads used less than
     * {@link #JIT_QUIET} of a CPU in the last (at most {@link #MAX_WARM_UP_ROUNDS}, quick 5): C2 keeps
     * compiling the gateway's code for tens of seconds after a fresh start, and a row measured meanwhile
     * pays for it (first 1-connection rows measured 4x the CPU per request of the same rows run later).
     */
    private static String warmUp(BenchContext ctx, Server bondy, int echoHttpPort, ProcessProbe probe, boolean quick)
            throws Exception {
        Duration each = Duration.ofSeconds(1);
        int max = quick ? 5 : MAX_WARM_UP_ROUNDS;
        int rounds = 0;
        double jitShare = Double.NaN;
        try (HttpClosedLoop bound = new HttpClosedLoop(ctx.connector(), Server.HOST, echoHttpPort, PATH, 16);
             HttpClosedLoop plain = new HttpClosedLoop(ctx.connector(), Server.HOST, bondy.wsPort(), STATIC_PATH, 16);
             HttpClosedLoop gateway = new HttpClosedLoop(ctx.connector(), Server.HOST, bondy.wsPort(), PATH, 16)) {
            do {
                long jitBefore = probe == null ? -1 : probe.jitCpuNanos().orElse(-1);
                long start = System.nanoTime();
                bound.run(each, null);
                plain.run(each, null);
                gateway.run(each, null);
                long jitAfter = jitBefore < 0 ? -1 : probe.jitCpuNanos().orElse(-1);
                jitShare = jitAfter < 0 ? Double.NaN : (double) (jitAfter - jitBefore) / (System.nanoTime() - start);
                rounds++;
            } while (rounds < max && !(jitShare <= JIT_QUIET));
        }
        return String.format(Locale.ROOT, "%d round%s of 1 s per row with 16 connections%s", rounds,
                rounds == 1 ? "" : "s", Double.isNaN(jitShare) ? ""
                        : String.format(Locale.ROOT, " (Bondy's JIT %.0f %% of a CPU in the last)", 100 * jitShare));
    }

    private static long cpu(ProcessProbe probe) {
        return probe == null ? -1 : probe.cpuNanos().orElse(-1);
    }

    /** One server (or path) of the comparison and the sums of its rounds. */
    private static final class Side {
        final String name;
        final HttpClosedLoop loop;
        final ProcessProbe probe;
        final Latency latency = new Latency();
        long ok;
        long bad;
        long lost;
        double seconds;
        long cpuNanos;
        double lastRate;
        String firstBad;

        Side(String name, HttpClosedLoop loop, ProcessProbe probe) {
            this.name = name;
            this.loop = loop;
            this.probe = probe;
        }

        void round(Duration duration) throws InterruptedException {
            long before = cpu(probe);
            HttpClosedLoop.Result r = loop.run(duration, latency);
            long after = cpu(probe);
            cpuNanos = cpuNanos < 0 || before < 0 || after < 0 ? -1 : cpuNanos + after - before;
            ok += r.ok();
            bad += r.bad();
            lost += r.lost();
            seconds += r.seconds();
            lastRate = r.perSecond();
            if (firstBad == null) {
                firstBad = r.firstBad();
            }
        }

        String cpuPerRequest() {
            return cpuNanos < 0 || ok == 0 ? "n/a" : Fmt.micros(cpuNanos / ok);
        }

        String failures() {
            return bad + lost == 0 ? "0" : bad + " bad, " + lost + " lost";
        }
    }
}
