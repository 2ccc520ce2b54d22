package io.bondy.bench.workload;

import io.bondy.bench.client.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The unrecorded warm-up of the call workloads (round trip, throughput): no figure from cold code. */
final class WarmUp {

    /** Warm-up rounds per server in full mode, at most. */
    private static final int MAX_WARM_UP_ROUNDS = 8;
    /** The JIT's share of one CPU during a warm-up round below which a server counts as warm. */
    private static final double JIT_QUIET = 0.05;

    private WarmUp() {
    }

    /**
     * Unrecorded rounds over every server, each round a pass of 1 caller with 16 calls in flight and
     * one of sequential calls over every variant the server speaks: no figure from cold code. In full
     * mode a JVM server gets more rounds (at most {@link #MAX_WARM_UP_ROUNDS}) while its JIT compiler
     * threads used more than {@link #JIT_QUIET} of the round's time: C2 kept compiling for about 30 s
     * after a fresh Bondy started, and pinned it shares the server's one CPU, so a fixed warm-up left
     * it in the first measured row (twice the CPU per call of the others). A server that is warm
     * already (an earlier workload of the same run) takes one round.
     */
    static List<String> run(BenchContext ctx) {
        boolean quick = ctx.settings().quick();
        Duration each = quick ? Duration.ofMillis(200) : Duration.ofMillis(500);
        List<Server> servers = new ArrayList<>();
        ctx.server("echo").ifPresent(servers::add);
        servers.addAll(ctx.routers());
        List<String> done = new ArrayList<>();
        for (Server server : servers) {
            ProcessProbe probe = server.pid().isPresent() ? new ProcessProbe(server.pid().getAsLong()) : null;
            int rounds = 0;
            double jitShare = Double.NaN;
            do {
                long jitBefore = probe == null ? -1 : probe.jitCpuNanos().orElse(-1);
                long start = System.nanoTime();
                for (Endpoint variant : RoundTrip.variants()) {
                    if (server.speaks(variant)) {
                        Endpoint endpoint = server.endpoint(variant);
                        CallRuns.closed(ctx, server, endpoint, 1, 16, 1, each, Duration.ofMillis(1), Long.MAX_VALUE);
                        CallRuns.closed(ctx, server, endpoint, 1, 1, 1, each, Duration.ofMillis(1), Long.MAX_VALUE);
                    }
                }
                long jitAfter = jitBefore < 0 ? -1 : probe.jitCpuNanos().orElse(-1);
                jitShare = jitAfter < 0 ? Double.NaN : (double) (jitAfter - jitBefore) / (System.nanoTime() - start);
                rounds++;
            } while (!quick && rounds < MAX_WARM_UP_ROUNDS && jitShare > JIT_QUIET);
            done.add(server.name() + " " + rounds + (rounds == 1 ? " round" : " rounds")
                    + (Double.isNaN(jitShare) ? "" : String.format(" (JIT %.0f %% of a CPU in the last)", 100 * jitShare)));
        }
        return done;
    }

    /** The table note that says how each server was warmed. */
    static String note(List<String> warm) {
        return "Warm-up before the rows, unrecorded (rounds of 16 in flight, then sequential, over every variant;"
                + " more rounds while a JVM's JIT compiler threads were busy): " + String.join(", ", warm) + ".";
    }
}
