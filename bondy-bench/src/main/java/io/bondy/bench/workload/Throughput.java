package io.bondy.bench.workload;

import io.bondy.bench.client.Endpoint;
import io.bondy.bench.report.Check;
import io.bondy.bench.report.Fmt;
import io.bondy.bench.report.Latency;
import io.bondy.bench.report.Table;
import io.bondy.core.serialization.SerializerKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Workload 2: call throughput for callers x calls in flight, against 1 callee and against 4 callees
 * sharing a registration (round robin), beside the echo server's message rate and the peer routers;
 * then latency at fixed rates (open loop, from the scheduled send time).
 */
public final class Throughput {

    static final String ECHO_TARGET = "calls/s >= 0.7 x (echo msgs/s / 4)";
    static final String PEER_TARGET = "calls/s >= 3x jawampa";
    private static final Endpoint VARIANT = Endpoint.webSocket(Server.HOST, 1, "/", SerializerKind.JSON);

    private Throughput() {
    }

    public static void run(BenchContext ctx) {
        Settings s = ctx.settings();
        Duration warmup = s.quick() ? Duration.ofMillis(300) : Duration.ofSeconds(1);
        List<String> warm = WarmUp.run(ctx); // the first row ran cold when throughput ran on its own
        Table table = new Table("2a. Call throughput (" + VARIANT.label() + ", closed loop)",
                "callers x in flight", "callees", "echo msgs/s", "0.7 x echo/4", "relay calls/s", "bondy calls/s",
                "vs echo/4",
                "bondy p50 / p99", "jawampa calls/s", "bondy / jawampa", "fox calls/s",
                ">= 0.7 x echo/4", ">= 3x jawampa");
        double bestBondy = 0;
        Set<String> refusals = new TreeSet<>();
        for (int callers : s.callers()) {
            for (int inFlight : s.inFlight()) {
                String config = callers + " x " + inFlight;
                double echoMsgs = Double.NaN;
                double relayCalls = Double.NaN;
                Server echo = ctx.server("echo").orElse(null);
                if (echo != null) {
                    var e = CallRuns.closed(ctx, echo, echo.endpoint(VARIANT), callers, inFlight, 1, warmup,
                            s.throughput(), Long.MAX_VALUE);
                    echoMsgs = e.ok() ? 2 * e.result().perSecond() : Double.NaN; // each round trip: 1 in + 1 out
                    Server relay = echo.withPath(RelayRequester.RELAY_PATH);
                    var r = CallRuns.closed(ctx, relay, relay.endpoint(VARIANT), callers, inFlight, 1, warmup,
                            s.throughput(), Long.MAX_VALUE);
                    relayCalls = r.ok() ? r.result().perSecond() : Double.NaN;
                }
                for (int callees : List.of(1, 4)) {
                    Map<String, CallRuns.Outcome<ClosedLoop.Result>> byRouter = new HashMap<>();
                    for (Server router : ctx.routers()) {
                        byRouter.put(router.name(), CallRuns.closed(ctx, router, router.endpoint(VARIANT), callers,
                                inFlight, callees, warmup, s.throughput(), Long.MAX_VALUE));
                    }
                    var bondy = byRouter.get("bondy");
                    if (bondy != null && bondy.ok() && callers == s.fixedRateCallers()) {
                        bestBondy = Math.max(bestBondy, bondy.result().perSecond());
                    }
                    // one caller and one callee: the same connections as the relay pair, so the relay
                    // is the floor; with more callers Bondy's one callee connection batches what the
                    // relay's separate pairs cannot, and Bondy can pass it
                    double relayFloor = callers == 1 && callees == 1 ? relayCalls : Double.NaN;
                    row(ctx, table, config, callees, echoMsgs, relayCalls, relayFloor, byRouter);
                    byRouter.forEach((name, o) -> {
                        if (!o.ok()) {
                            refusals.add(name + ": " + o.notRun());
                        }
                    });
                }
            }
        }
        table.note("echo msgs/s counts the frames the echo server reads plus those it writes (2 per round trip);"
                + " a routed call is 4 messages at the router (CALL, INVOCATION, YIELD, RESULT), hence echo/4.");
        table.note("relay calls/s: the same callers x in flight through the echo server's /relay/ path, a"
                + " caller and a reflector per caller (a call's two hops with no WAMP work in the server, flushed"
                + " once per socket read), one pair per caller. With 1 caller and 1 callee these are the same"
                + " connections as the routed call, and FAIL (above relay) says the bound is above the relay itself:"
                + " a server that only forwarded the frames would have failed it too. With more callers the router's"
                + " one callee connection batches messages that separate pairs cannot, so a router can pass the relay.");
        table.note(WarmUp.note(warm));
        table.note("4 callees: 4 sessions REGISTER the same procedure with invoke=roundrobin; a router that refuses"
                + " that is reported as n/a.");
        refusals.forEach(r -> table.note("not run: " + r));
        ctx.add(table);
        fixedRates(ctx, bestBondy);
    }

    private static void row(BenchContext ctx, Table table, String config, int callees, double echoMsgs,
                            double relayCalls, double relayFloor,
                            Map<String, CallRuns.Outcome<ClosedLoop.Result>> byRouter) {
        double bound = 0.7 * echoMsgs / 4;
        var bondy = byRouter.get("bondy");
        var jawampa = byRouter.get("jawampa");
        var fox = byRouter.get("fox");
        String where = config + ", " + callees + " callee" + (callees > 1 ? "s" : "");
        String bondyRate = text(bondy);
        String vsEcho = "";
        String latency = "";
        String echoCheck = "";
        String peerCheck = "";
        String vsPeer = "";
        if (bondy != null && bondy.ok()) {
            double rate = bondy.result().perSecond();
            Latency.Summary l = bondy.result().latency();
            latency = Fmt.micros(l.p50()) + " / " + Fmt.micros(l.p99());
            if (!Double.isNaN(echoMsgs)) {
                vsEcho = Fmt.ratio(rate / (echoMsgs / 4));
                boolean outOfReach = rate < bound && aboveRelay(bound, relayFloor);
                echoCheck = RoundTrip.verdict(rate >= bound) + (outOfReach ? " (above relay)" : "");
                ctx.add(Check.of(ECHO_TARGET, where, Fmt.rate(rate), Fmt.rate(bound)
                        + (outOfReach ? " > relay " + Fmt.rate(relayFloor) : ""), rate >= bound));
            }
            if (jawampa != null && jawampa.ok()) {
                double peer = jawampa.result().perSecond();
                vsPeer = Fmt.ratio(rate / peer);
                boolean outOfReach = rate < 3 * peer && aboveRelay(3 * peer, relayFloor);
                peerCheck = RoundTrip.verdict(rate >= 3 * peer) + (outOfReach ? " (above relay)" : "");
                ctx.add(Check.of(PEER_TARGET, where, Fmt.rate(rate), "3 x " + Fmt.rate(peer)
                        + (outOfReach ? " > relay " + Fmt.rate(relayFloor) : ""), rate >= 3 * peer));
            } else if (jawampa != null) {
                peerCheck = "n/a";
                ctx.add(Check.notApplicable(PEER_TARGET, where, "jawampa: " + jawampa.notRun()));
            }
        } else if (bondy != null) {
            echoCheck = "n/a";
            peerCheck = "n/a";
            String why = callees > 1 && bondy.notRun().contains("refused")
                    ? "n/a (not supported yet: " + bondy.notRun() + ")" : bondy.notRun();
            bondyRate = callees > 1 && bondy.notRun().contains("refused") ? "n/a (not supported yet)" : why;
            ctx.add(Check.notApplicable(ECHO_TARGET, where, why));
            ctx.add(Check.notApplicable(PEER_TARGET, where, why));
        }
        String category = config + ", " + callees + " callee" + (callees > 1 ? "s" : "");
        if (callees == 1 && !Double.isNaN(echoMsgs)) {
            ctx.plot("Call throughput (closed loop)", "calls per second", "echo msgs/s / 4 (bound)", category, echoMsgs / 4);
        }
        if (callees == 1 && !Double.isNaN(relayCalls)) {
            ctx.plot("Call throughput (closed loop)", "calls per second", "relay (bare, 2 hops)", category, relayCalls);
        }
        for (Map.Entry<String, CallRuns.Outcome<ClosedLoop.Result>> e : byRouter.entrySet()) {
            if (e.getValue() != null && e.getValue().ok()) {
                ctx.plot("Call throughput (closed loop)", "calls per second", e.getKey(), category,
                        e.getValue().result().perSecond());
            }
        }
        table.row(config, callees, callees == 1 ? Fmt.rate(echoMsgs) : "", callees == 1 ? Fmt.rate(bound) : "",
                callees == 1 && !Double.isNaN(relayCalls) ? Fmt.rate(relayCalls) : "", bondyRate, vsEcho, latency, text(jawampa), vsPeer, text(fox), echoCheck, peerCheck);
    }

    /**
     * Whether a failed bound is above the bare relay floor of the same configuration (NaN where the
     * relay is not the same connections): a server doing nothing but forwarding would have failed it too.
     */
    private static boolean aboveRelay(double bound, double relayFloor) {
        return !Double.isNaN(relayFloor) && bound > relayFloor;
    }

    private static String text(CallRuns.Outcome<ClosedLoop.Result> outcome) {
        if (outcome == null) {
            return "";
        }
        if (!outcome.ok()) {
            return outcome.notRun().contains("refused") ? "n/a (refused)" : outcome.notRun();
        }
        ClosedLoop.Result r = outcome.result();
        String problems = r.errors() + r.lost() > 0 ? " (" + r.errors() + " err " + r.lost() + " lost: "
                + r.lastError() + ")" : "";
        return Fmt.rate(r.perSecond()) + problems;
    }

    /** Latency at fixed fractions of Bondy's best closed-loop rate, for Bondy, the echo server and the peers. */
    private static void fixedRates(BenchContext ctx, double bestBondy) {
        Settings s = ctx.settings();
        int callers = s.fixedRateCallers();
        Table table = new Table("2b. Call latency at fixed rates (" + VARIANT.label() + ", " + callers
                + " callers, 1 callee, open loop)",
                "rate (calls/s)", "server", "achieved/s", "p50", "p99", "p99.9", "max", "errors / unsent / lost");
        if (bestBondy <= 0) {
            table.note("not run: no closed-loop Bondy rate with " + callers + " callers to take fractions of");
            ctx.add(table);
            return;
        }
        Duration warmup = Duration.ofMillis(s.quick() ? 300 : 1000);
        for (double fraction : s.fixedRateFractions()) {
            double rate = Math.max(100, Math.round(bestBondy * fraction / 100) * 100.0);
            for (String name : List.of("echo", "bondy", "jawampa", "fox")) {
                Server server = ctx.server(name).orElse(null);
                if (server == null) {
                    continue;
                }
                var o = CallRuns.open(ctx, server, server.endpoint(VARIANT), callers, rate, s.fixedRate(), warmup);
                String label = Fmt.rate(rate) + " (" + Math.round(fraction * 100) + "% of bondy max)";
                if (!o.ok()) {
                    table.row(label, name, o.notRun());
                    continue;
                }
                OpenLoop.Result r = o.result();
                Latency.Summary l = r.latency();
                table.row(label, name + (server.isEcho() ? " (baseline)" : ""), Fmt.rate(r.achieved()),
                        Fmt.micros(l.p50()), Fmt.micros(l.p99()), Fmt.micros(l.p999()), Fmt.micros(l.max()),
                        r.errors() + " / " + r.unsent() + " / " + r.lost());
            }
        }
        table.note("Latency is measured from each call's scheduled send time, so a stall delays every call"
                + " scheduled behind it (no coordinated omission). The echo server runs at the same round trips/s.");
        ctx.add(table);
    }
}
