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
    private static final List<Integer> CONNECTIONS = List.of(1, 64);
    private static final double TARGET = 0.5;

    private Gateway() {
    }

    public static void run(BenchContext ctx, int echoHttpPort) throws Exception {
        Server bondy = ctx.server("bondy").orElseThrow(() -> new IllegalArgumentException("--bondy is required"));
        if (echoHttpPort <= 0) {
            throw new IllegalArgumentException("--echo-http is required");
        }
        boolean quick = ctx.settings().quick();
        Duration warmup = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(3);
        Duration round = quick ? Duration.ofMillis(1500) : Duration.ofSeconds(4);
        int rounds = quick ? 3 : 5;

        Table table = new Table("6. HTTP gateway: POST → wamp_call → callee → 200 (keep-alive, closed loop)",
                "connections", "server", "requests/s", "p50", "p99", "errors/lost", "req/s vs bound",
                "p50 vs bound", "p99 vs bound", "req/s ratio per round");
        Callee callee = Callee.join(ctx.connector(), bondy.endpoint(Transport.WEBSOCKET, SerializerKind.MSGPACK),
                BenchContext.REALM).get(30, TimeUnit.SECONDS);
        try {
            String refusal = callee.register(PROCEDURE, Map.of()).get(30, TimeUnit.SECONDS);
            if (refusal != null) {
                table.row("", "bondy", "n/a (" + refusal + ")");
                ctx.add(table);
                return;
            }
            for (int n : CONNECTIONS) {
                try (HttpClosedLoop bound = new HttpClosedLoop(ctx.connector(), Server.HOST, echoHttpPort, PATH, n);
                     HttpClosedLoop gateway = new HttpClosedLoop(ctx.connector(), Server.HOST, bondy.wsPort(), PATH, n)) {
                    bound.run(warmup, null);
                    gateway.run(warmup, null);
                    Latency boundLatency = new Latency();
                    Latency gatewayLatency = new Latency();
                    Side b = new Side();
                    Side g = new Side();
                    List<String> perRound = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        HttpClosedLoop.Result br = bound.run(round, boundLatency);
                        HttpClosedLoop.Result gr = gateway.run(round, gatewayLatency);
                        b.add(br);
                        g.add(gr);
                        perRound.add(String.format(Locale.ROOT, "%.2f", gr.perSecond() / br.perSecond()));
                    }
                    Latency.Summary bl = boundLatency.summary();
                    Latency.Summary gl = gatewayLatency.summary();
                    double bRate = b.ok / b.seconds;
                    double gRate = g.ok / g.seconds;
                    table.row(n, "bound (bare Netty HTTP)", Fmt.rate(bRate), Fmt.micros(bl.p50()), Fmt.micros(bl.p99()),
                            b.failures(), "", "", "", "");
                    table.row(n, "bondy gateway", Fmt.rate(gRate), Fmt.micros(gl.p50()), Fmt.micros(gl.p99()),
                            g.failures(), Fmt.ratio(gRate / bRate), Fmt.ratio((double) gl.p50() / bl.p50()),
                            Fmt.ratio((double) gl.p99() / bl.p99()), String.join(" ", perRound));
                    ctx.plot("HTTP gateway requests/s", "requests/s", "bound", n + " conn", bRate);
                    ctx.plot("HTTP gateway requests/s", "requests/s", "bondy gateway", n + " conn", gRate);
                    if (n == 64) {
                        ctx.add(Check.of("gateway requests/s >= " + TARGET + "x bound", n + " connections",
                                Fmt.ratio(gRate / bRate), Fmt.ratio(TARGET),
                                gRate / bRate >= TARGET && g.bad == 0 && g.lost == 0));
                    }
                    if (g.firstBad != null) {
                        table.note("first unexpected gateway answer (" + n + " connections): " + g.firstBad);
                    }
                    if (b.firstBad != null) {
                        table.note("first unexpected bound answer (" + n + " connections): " + b.firstBad);
                    }
                }
            }
        } finally {
            callee.close();
        }
        table.note(String.format(Locale.ROOT, "Per connection count: %.1f s unrecorded warm-up of each, then %d rounds of"
                + " %.1f s bound, %.1f s gateway, alternating; rates and percentiles over all rounds. The last column is"
                + " each round's gateway/bound rate (the spread is the machine's noise).",
                warmup.toMillis() / 1000.0, rounds, round.toMillis() / 1000.0, round.toMillis() / 1000.0));
        table.note("A request counts only when answered 200 with exactly its own body `{\"n\":SEQ}`; errors = other"
                + " answers, lost = connections whose last request got no answer within 10 s. One request in flight"
                + " per connection; the callee is one WebSocket/MessagePack session of the load generator.");
        ctx.add(table);
    }

    /** The sums of one server's rounds. */
    private static final class Side {
        long ok;
        long bad;
        long lost;
        double seconds;
        String firstBad;

        void add(HttpClosedLoop.Result r) {
            ok += r.ok();
            bad += r.bad();
            lost += r.lost();
            seconds += r.seconds();
            if (firstBad == null) {
                firstBad = r.firstBad();
            }
        }

        String failures() {
            return bad + lost == 0 ? "0" : bad + " bad, " + lost + " lost";
        }
    }
}
