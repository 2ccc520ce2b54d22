package io.bondy.bench.workload;

import io.bondy.bench.client.Endpoint;
import io.bondy.bench.report.Fmt;
import io.bondy.bench.report.Latency;
import io.bondy.bench.report.Table;
import io.bondy.core.serialization.SerializerKind;
import java.util.List;

/**
 * Workload 5: three Bondy nodes of one cluster on loopback ({@code bondy}, {@code bondy2},
 * {@code bondy3}). The caller is always on the first node; the callee is on the same node (the
 * baseline of this run) or on the third, so the difference is what the cluster relay costs: call
 * round trip (1 caller, sequential) and throughput (16 callers x 16 calls in flight).
 */
public final class ClusterRun {

    private ClusterRun() {
    }

    public static void run(BenchContext ctx) {
        Settings s = ctx.settings();
        Server first = ctx.server("bondy").orElseThrow(() -> new IllegalArgumentException("--bondy is required"));
        Server third = ctx.server("bondy3").orElseThrow(() -> new IllegalArgumentException("--bondy3 is required"));
        Table latency = new Table("5a. Cluster: call round trip, caller on node 1 (1 caller, sequential)",
                "transport", "callee on", "samples", "p50", "p99", "p99.9", "max", "p50 vs same node");
        Table throughput = new Table("5b. Cluster: call throughput, caller on node 1 (16 callers x 16 in flight)",
                "transport", "callee on", "calls/s", "p50", "p99", "vs same node");
        for (Endpoint variant : variants()) {
            // warm-up of both paths, unrecorded
            CallRuns.closedAcross(ctx, first, first.endpoint(variant), third.endpoint(variant), 1, 16,
                    s.warmup(), s.warmup(), Long.MAX_VALUE);
            var same = CallRuns.closed(ctx, first, first.endpoint(variant), 1, 1, 1, s.warmup(), s.roundTrip(),
                    s.roundTripMaxSamples());
            var cross = CallRuns.closedAcross(ctx, first, first.endpoint(variant), third.endpoint(variant), 1, 1,
                    s.warmup(), s.roundTrip(), s.roundTripMaxSamples());
            Latency.Summary base = same.ok() ? same.result().latency() : null;
            latencyRow(latency, variant, "node 1 (same node, baseline)", same, null);
            latencyRow(latency, variant, "node 3 (other node)", cross, base);
            if (cross.ok()) {
                ctx.plot("Cluster call round trip p50", "microseconds", "callee on node 3", variant.label(),
                        cross.result().latency().p50() / 1000.0);
            }
            if (same.ok()) {
                ctx.plot("Cluster call round trip p50", "microseconds", "callee on node 1", variant.label(),
                        same.result().latency().p50() / 1000.0);
            }

            var sameTp = CallRuns.closed(ctx, first, first.endpoint(variant), 16, 16, 1, s.warmup(), s.throughput(),
                    Long.MAX_VALUE);
            var crossTp = CallRuns.closedAcross(ctx, first, first.endpoint(variant), third.endpoint(variant), 16, 16,
                    s.warmup(), s.throughput(), Long.MAX_VALUE);
            double baseRate = sameTp.ok() ? sameTp.result().perSecond() : 0;
            throughputRow(throughput, variant, "node 1 (same node, baseline)", sameTp, 0);
            throughputRow(throughput, variant, "node 3 (other node)", crossTp, baseRate);
        }
        latency.note("Each node is its own JVM; all three and the load generator share this machine's CPUs."
                + " A cross-node call is two relay hops (CALL to node 3, RESULT back) over the nodes' JGroups channel.");
        ctx.add(latency);
        ctx.add(throughput);
    }

    static List<Endpoint> variants() {
        return List.of(
                Endpoint.webSocket(Server.HOST, 1, "/", SerializerKind.MSGPACK),
                Endpoint.rawSocket(Server.HOST, 1, SerializerKind.MSGPACK),
                Endpoint.webSocket(Server.HOST, 1, "/", SerializerKind.JSON));
    }

    private static void latencyRow(Table table, Endpoint variant, String where,
                                   CallRuns.Outcome<ClosedLoop.Result> outcome, Latency.Summary base) {
        if (!outcome.ok()) {
            table.row(variant.label(), where, outcome.notRun());
            return;
        }
        Latency.Summary l = outcome.result().latency();
        String errors = outcome.result().errors() + outcome.result().lost() > 0
                ? " (" + outcome.result().errors() + " errors, " + outcome.result().lost() + " lost)" : "";
        table.row(variant.label(), where, l.count() + errors, Fmt.micros(l.p50()), Fmt.micros(l.p99()),
                Fmt.micros(l.p999()), Fmt.micros(l.max()),
                base == null || base.isEmpty() ? "" : Fmt.ratio((double) l.p50() / base.p50()));
    }

    private static void throughputRow(Table table, Endpoint variant, String where,
                                      CallRuns.Outcome<ClosedLoop.Result> outcome, double baseRate) {
        if (!outcome.ok()) {
            table.row(variant.label(), where, outcome.notRun());
            return;
        }
        ClosedLoop.Result r = outcome.result();
        table.row(variant.label(), where, Fmt.rate(r.perSecond()), Fmt.micros(r.latency().p50()),
                Fmt.micros(r.latency().p99()), baseRate <= 0 ? "" : Fmt.ratio(r.perSecond() / baseRate));
    }
}
