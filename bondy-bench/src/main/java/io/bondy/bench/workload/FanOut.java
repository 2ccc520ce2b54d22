package io.bondy.bench.workload;

import io.bondy.bench.client.Endpoint;
import io.bondy.bench.report.Check;
import io.bondy.bench.report.Fmt;
import io.bondy.bench.report.Latency;
import io.bondy.bench.report.Table;
import io.bondy.core.serialization.SerializerKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Workload 3: one publisher, 100 and 1,000 subscribers; delivered events/s, publish-to-delivery
 * latency and drops, beside a bare Netty broadcast of the same frames and the peer routers.
 */
public final class FanOut {

    static final String TARGET = "fan-out deliveries/s >= 0.7 x bare Netty broadcast";
    /** About this many deliveries outstanding at once, whatever the number of subscribers. */
    private static final int DELIVERIES_IN_FLIGHT = 2000;
    private static final Endpoint VARIANT = Endpoint.webSocket(Server.HOST, 1, "/", SerializerKind.JSON);

    private FanOut() {
    }

    /** An unrecorded pass over every server (100 subscribers), so no figure below comes from cold code. */
    private static void warmUp(BenchContext ctx, Duration duration) {
        List<Server> servers = new ArrayList<>();
        ctx.server("echo").map(e -> e.withPath("/broadcast")).ifPresent(servers::add);
        servers.addAll(ctx.routers());
        for (Server server : servers) {
            FanOutRun.run(ctx, server, server.endpoint(VARIANT), 100, DELIVERIES_IN_FLIGHT / 100, duration,
                    Duration.ofMillis(100));
        }
    }

    public static void run(BenchContext ctx) {
        Settings s = ctx.settings();
        Duration warmup = Duration.ofMillis(s.quick() ? 300 : 1000);
        Table table = new Table("3. Fan-out (1 publisher, " + VARIANT.label() + ")",
                "subscribers", "server", "deliveries/s", "vs broadcast", "publications", "p50", "p99",
                "p99.9", "dropped", ">= 0.7 x broadcast");
        warmUp(ctx, s.quick() ? Duration.ofMillis(300) : Duration.ofSeconds(1));
        for (int n : s.fanOutSubscribers()) {
            int window = Math.max(1, DELIVERIES_IN_FLIGHT / n);
            List<Server> servers = new ArrayList<>();
            ctx.server("echo").map(e -> e.withPath("/broadcast")).ifPresent(servers::add);
            servers.addAll(ctx.routers());
            double broadcast = Double.NaN;
            for (Server server : servers) {
                var o = FanOutRun.run(ctx, server, server.endpoint(VARIANT), n, window, warmup, s.fanOut());
                String name = server.isEcho() ? "netty broadcast (baseline)" : server.name();
                if (!o.ok()) {
                    table.row(n, name, o.notRun());
                    if (server.name().equals("bondy")) {
                        ctx.add(Check.notApplicable(TARGET, n + " subscribers", o.notRun()));
                    }
                    continue;
                }
                FanOutRun.Result r = o.result();
                if (server.isEcho()) {
                    broadcast = r.deliveriesPerSecond();
                }
                Latency.Summary l = r.latency();
                ctx.plot("Fan-out deliveries per second", "deliveries per second", name, n + " subscribers",
                        r.deliveriesPerSecond());
                ctx.plot("Fan-out publish-to-delivery p99", "microseconds", name, n + " subscribers", l.p99() / 1000.0);
                String vs = server.isEcho() || Double.isNaN(broadcast) ? ""
                        : Fmt.ratio(r.deliveriesPerSecond() / broadcast);
                String verdict = "";
                if (server.name().equals("bondy")) {
                    if (Double.isNaN(broadcast)) {
                        verdict = "n/a";
                        ctx.add(Check.notApplicable(TARGET, n + " subscribers", "no broadcast baseline"));
                    } else {
                        boolean pass = r.deliveriesPerSecond() >= 0.7 * broadcast;
                        verdict = RoundTrip.verdict(pass);
                        ctx.add(Check.of(TARGET, n + " subscribers", Fmt.rate(r.deliveriesPerSecond()),
                                "0.7 x " + Fmt.rate(broadcast), pass));
                    }
                }
                table.row(n, name, Fmt.rate(r.deliveriesPerSecond()), vs, r.published(), Fmt.micros(l.p50()),
                        Fmt.micros(l.p99()), Fmt.micros(l.p999()),
                        r.dropped() + " of " + r.expected() + (r.stalled() ? " (stalled)" : ""), verdict);
            }
        }
        table.note("The publisher keeps about " + DELIVERIES_IN_FLIGHT + " deliveries outstanding (a window of "
                + "publications not yet received by every subscriber), so the rate is what the server sustains"
                + " and the latency includes that queue. Events carry their publish time (nanoTime, same process).");
        table.note("dropped = publications x subscribers - events received after the run drained (2 s without"
                + " progress ends the wait).");
        ctx.add(table);
    }
}
