package io.bondy.bench.workload;

import io.bondy.bench.client.Endpoint;
import io.bondy.bench.client.Transport;
import io.bondy.bench.report.Check;
import io.bondy.bench.report.Fmt;
import io.bondy.bench.report.Latency;
import io.bondy.bench.report.Table;
import io.bondy.core.serialization.SerializerKind;
import java.util.List;

/**
 * Workload 1: one caller, one callee, one call at a time; p50/p99/p99.9 of the call round trip for
 * each transport and serializer, next to the echo server's round trip of the same CALL frame.
 */
public final class RoundTrip {

    static final String P50_TARGET = "call RTT p50 <= 2.5x echo RTT p50";
    static final String P99_TARGET = "call RTT p99 <= 1 ms";
    private static final long ONE_MS = 1_000_000;
    static final String RELAY = "relay (bare, 2 hops)";

    private RoundTrip() {
    }

    public static void run(BenchContext ctx) {
        Table table = new Table("1. Call round trip (1 caller, 1 callee, sequential)",
                "transport", "server", "samples", "p50", "p99", "p99.9", "max", "server CPU/call", "p50 vs echo",
                "p50 <= 2.5x echo", "p99 <= 1 ms");
        List<String> warm = WarmUp.run(ctx);
        for (Endpoint variant : variants()) {
            Latency.Summary echo = null;
            Server echoServer = ctx.server("echo").orElse(null);
            if (echoServer != null && echoServer.speaks(variant)) {
                var outcome = sequential(ctx, echoServer, variant);
                echo = outcome.ok() ? outcome.result().latency() : null;
                row(table, variant, "echo (baseline)", outcome, null, false);
                plot(ctx, variant, "echo (baseline)", outcome);
                if (variant.transport() == Transport.WEBSOCKET) {
                    Server relay = echoServer.withPath(RelayRequester.RELAY_PATH);
                    var hops = sequential(ctx, relay, variant);
                    row(table, variant, RELAY, hops, echo, false);
                    plot(ctx, variant, RELAY, hops);
                }
            }
            for (Server router : ctx.routers()) {
                if (!router.speaks(variant)) {
                    continue;
                }
                var outcome = sequential(ctx, router, variant);
                boolean ours = router.name().equals("bondy");
                row(table, variant, router.name(), outcome, echo, ours);
                plot(ctx, variant, router.name(), outcome);
                if (ours) {
                    check(ctx, variant, outcome, echo);
                }
            }
        }
        table.note("Latency from CALL sent to RESULT received, in the load generator; echo = the same CALL frame"
                + " sent to the bare Netty echo server and read back (one hop instead of two); " + RELAY
                + " = a call's two hops through the same bare server (its /relay/ path forwards the CALL to a"
                + " reflector connection, which answers a YIELD as a callee does; WebSocket only): the floor for a"
                + " call on this machine, with no WAMP work in the server. Server CPU/call = CPU time of the server"
                + " process (all threads, from /proc/PID/stat, 10 ms resolution) over the whole run divided by the"
                + " calls (echo: round trips) answered in it.");
        table.note(WarmUp.note(warm));
        ctx.add(table);
    }

    /** One caller, one call at a time, to {@code server} over {@code variant}: the measured run of this workload. */
    private static CallRuns.Outcome<ClosedLoop.Result> sequential(BenchContext ctx, Server server, Endpoint variant) {
        Settings s = ctx.settings();
        return CallRuns.closed(ctx, server, server.endpoint(variant), 1, 1, 1, s.warmup(), s.roundTrip(),
                s.roundTripMaxSamples());
    }

    static List<Endpoint> variants() {
        return List.of(
                Endpoint.webSocket(Server.HOST, 1, "/", SerializerKind.JSON),
                Endpoint.webSocket(Server.HOST, 1, "/", SerializerKind.MSGPACK),
                Endpoint.rawSocket(Server.HOST, 1, SerializerKind.JSON),
                Endpoint.rawSocket(Server.HOST, 1, SerializerKind.MSGPACK));
    }

    private static void plot(BenchContext ctx, Endpoint variant, String name,
                             CallRuns.Outcome<ClosedLoop.Result> outcome) {
        if (outcome.ok()) {
            Latency.Summary l = outcome.result().latency();
            ctx.plot("Call round trip p50 (1 caller, sequential)", "microseconds", name, variant.label(), l.p50() / 1000.0);
            ctx.plot("Call round trip p99 (1 caller, sequential)", "microseconds", name, variant.label(), l.p99() / 1000.0);
        }
    }

    private static void row(Table table, Endpoint variant, String name, CallRuns.Outcome<ClosedLoop.Result> outcome,
                            Latency.Summary echo, boolean ours) {
        if (!outcome.ok()) {
            table.row(variant.label(), name, outcome.notRun());
            return;
        }
        Latency.Summary l = outcome.result().latency();
        String vsEcho = echo == null || echo.isEmpty() ? "" : Fmt.ratio((double) l.p50() / echo.p50());
        String p50Check = "";
        String p99Check = "";
        if (ours) {
            p50Check = echo == null || echo.isEmpty() ? "n/a" : verdict(l.p50() <= 2.5 * echo.p50());
            p99Check = verdict(l.p99() <= ONE_MS);
        }
        String errors = outcome.result().errors() + outcome.result().lost() > 0
                ? " (" + outcome.result().errors() + " errors, " + outcome.result().lost() + " lost)" : "";
        table.row(variant.label(), name, l.count() + errors, Fmt.micros(l.p50()), Fmt.micros(l.p99()),
                Fmt.micros(l.p999()), Fmt.micros(l.max()), cpu(outcome.result()), vsEcho, p50Check, p99Check);
    }

    static String cpu(ClosedLoop.Result result) {
        double nanos = result.serverCpuPerReply();
        return Double.isNaN(nanos) ? "" : Fmt.micros(Math.round(nanos));
    }

    private static void check(BenchContext ctx, Endpoint variant, CallRuns.Outcome<ClosedLoop.Result> outcome,
                              Latency.Summary echo) {
        String where = variant.label();
        if (!outcome.ok()) {
            ctx.add(Check.notApplicable(P50_TARGET, where, outcome.notRun()));
            ctx.add(Check.notApplicable(P99_TARGET, where, outcome.notRun()));
            return;
        }
        Latency.Summary l = outcome.result().latency();
        if (echo == null || echo.isEmpty()) {
            ctx.add(Check.notApplicable(P50_TARGET, where, "no echo baseline"));
        } else {
            ctx.add(Check.of(P50_TARGET, where, Fmt.micros(l.p50()) + " = " + Fmt.ratio((double) l.p50() / echo.p50()),
                    "2.5 x " + Fmt.micros(echo.p50()), l.p50() <= 2.5 * echo.p50()));
        }
        ctx.add(Check.of(P99_TARGET, where, Fmt.micros(l.p99()), "1 ms", l.p99() <= ONE_MS));
    }

    static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }
}
