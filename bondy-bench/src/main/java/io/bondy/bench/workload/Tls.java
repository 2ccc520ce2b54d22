package io.bondy.bench.workload;

import io.bondy.bench.client.Endpoint;
import io.bondy.bench.report.Check;
import io.bondy.bench.report.Fmt;
import io.bondy.bench.report.Table;
import io.bondy.core.serialization.SerializerKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The TLS workload: the call round trip (1 caller, sequential) and the call throughput (closed loop, 1 callee)
 * of one Bondy process over a plain listener and over its TLS twin ({@code ws://} and {@code wss://} of the
 * API gateway's listeners, RawSocket and RawSocket over TLS of {@code wamp.tcp} and {@code wamp.tls}), and
 * their ratios, TLS ÷ plain. Plain and TLS runs alternate (each round flips which goes first) so drift on a
 * shared machine hits both; each figure is the median over the rounds. The connections are open before a run
 * is measured: the figures are the cost of encrypting a session's messages, not of TLS handshakes. Runs on
 * the caller's thread; the load generator's {@link io.bondy.bench.client.Connector} must trust the CA of
 * Bondy's certificate.
 */
public final class Tls {

    static final String THROUGHPUT_TARGET = "TLS calls/s >= 0.7 x plain";
    static final String P50_TARGET = "TLS call RTT p50 <= 1.3x plain";
    private static final double THROUGHPUT_BOUND = 0.7;
    private static final double P50_BOUND = 1.3;

    /** A plain endpoint and its TLS twin on the same Bondy. */
    private record Pair(Endpoint plain, Endpoint tls) {
    }

    /** The measured runs of one endpoint, one per round (null where the run failed). */
    private record Runs(List<ClosedLoop.Result> roundTrip, List<ClosedLoop.Result> throughput, List<String> failures) {

        Runs() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private Tls() {
    }

    /** {@code wssPort}: Bondy's {@code api_gateway.https} listener; {@code rawTlsPort}: its {@code wamp.tls} one. */
    public static void run(BenchContext ctx, int wssPort, int rawTlsPort) {
        Server bondy = ctx.server("bondy").orElseThrow(() -> new IllegalArgumentException("tls needs --bondy"));
        Settings s = ctx.settings();
        int rounds = s.quick() ? 5 : 7;
        int callers = s.fixedRateCallers();
        int inFlight = 16;
        Endpoint ws = bondy.endpoint(Endpoint.webSocket(Server.HOST, 1, "/", SerializerKind.JSON));
        Endpoint raw = bondy.endpoint(Endpoint.rawSocket(Server.HOST, 1, SerializerKind.JSON));
        List<Pair> pairs = List.of(new Pair(ws, ws.withTls(wssPort)), new Pair(raw, raw.withTls(rawTlsPort)));

        Duration warmEach = s.quick() ? Duration.ofMillis(300) : Duration.ofSeconds(1);
        for (Pair pair : pairs) {
            for (Endpoint e : List.of(pair.plain(), pair.tls())) {
                CallRuns.closed(ctx, bondy, e, callers, inFlight, 1, warmEach, Duration.ofMillis(1), Long.MAX_VALUE);
                CallRuns.closed(ctx, bondy, e, 1, 1, 1, warmEach, Duration.ofMillis(1), Long.MAX_VALUE);
            }
        }
        Duration warmup = s.quick() ? Duration.ofMillis(300) : Duration.ofSeconds(1);
        List<Runs[]> measured = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            measured.add(new Runs[] {new Runs(), new Runs()});
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < pairs.size(); i++) {
                Pair pair = pairs.get(i);
                int[] order = round % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0};
                for (int side : order) {
                    Endpoint e = side == 0 ? pair.plain() : pair.tls();
                    Runs runs = measured.get(i)[side];
                    var rtt = CallRuns.closed(ctx, bondy, e, 1, 1, 1, s.warmup(), s.roundTrip(),
                            s.roundTripMaxSamples());
                    runs.roundTrip().add(keep(rtt, e, "round trip", runs.failures()));
                    var tput = CallRuns.closed(ctx, bondy, e, callers, inFlight, 1, warmup, s.throughput(),
                            Long.MAX_VALUE);
                    runs.throughput().add(keep(tput, e, "throughput", runs.failures()));
                }
            }
        }

        String load = callers + " callers x " + inFlight + " in flight";
        Table table = new Table("TLS ÷ plain text, the same Bondy process (median of " + rounds + " alternating rounds)",
                "measure", "plain", "TLS", "TLS ÷ plain", "per round", "target");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair pair = pairs.get(i);
            Runs plain = measured.get(i)[0];
            Runs tls = measured.get(i)[1];
            failures.addAll(plain.failures());
            failures.addAll(tls.failures());
            String where = pair.plain().label() + " vs " + pair.tls().label();
            double rate = ratio(plain.throughput(), tls.throughput(), ClosedLoop.Result::perSecond);
            double p50 = ratio(plain.roundTrip(), tls.roundTrip(), r -> r.latency().p50());
            row(table, where + ": calls/s (" + load + "; router msgs/s = 4x)", plain.throughput(),
                    tls.throughput(), ClosedLoop.Result::perSecond, v -> Fmt.rate(v) + " (" + Fmt.rate(4 * v) + ")",
                    rate >= THROUGHPUT_BOUND ? "PASS (>= 0.7x)" : "FAIL (>= 0.7x)");
            row(table, where + ": p50 under that load", plain.throughput(), tls.throughput(),
                    r -> r.latency().p50(), v -> Fmt.micros(Math.round(v)), "");
            row(table, where + ": p99 under that load", plain.throughput(), tls.throughput(),
                    r -> r.latency().p99(), v -> Fmt.micros(Math.round(v)), "");
            row(table, where + ": server CPU/call under that load", plain.throughput(), tls.throughput(),
                    ClosedLoop.Result::serverCpuPerReply, v -> Fmt.micros(Math.round(v)), "");
            row(table, where + ": call RTT p50 (1 caller, sequential)", plain.roundTrip(), tls.roundTrip(),
                    r -> r.latency().p50(), v -> Fmt.micros(Math.round(v)),
                    p50 <= P50_BOUND ? "PASS (<= 1.3x)" : "FAIL (<= 1.3x)");
            row(table, where + ": call RTT p99 (1 caller, sequential)", plain.roundTrip(), tls.roundTrip(),
                    r -> r.latency().p99(), v -> Fmt.micros(Math.round(v)), "");
            check(ctx, THROUGHPUT_TARGET, where, rate, THROUGHPUT_BOUND, true);
            check(ctx, P50_TARGET, where, p50, P50_BOUND, false);
            plot(ctx, "Call throughput, plain vs TLS (" + load + ")", "calls per second", pair,
                    median(plain.throughput(), ClosedLoop.Result::perSecond),
                    median(tls.throughput(), ClosedLoop.Result::perSecond));
            plot(ctx, "Call round trip p50, plain vs TLS (1 caller)", "microseconds", pair,
                    median(plain.roundTrip(), r -> r.latency().p50()) / 1000.0,
                    median(tls.roundTrip(), r -> r.latency().p50()) / 1000.0);
        }
        table.note("Same Bondy process, same load generator, one listener pair at a time: " + pairs.get(0).plain()
                .label() + " on api_gateway.http vs " + pairs.get(0).tls().label() + " on api_gateway.https, "
                + pairs.get(1).plain().label() + " on wamp.tcp vs " + pairs.get(1).tls().label() + " on wamp.tls."
                + " Each round runs plain then TLS (odd rounds) or TLS then plain (even rounds); a figure is the"
                + " median of the rounds, \"per round\" lists each round's TLS ÷ plain. Connections (and TLS"
                + " sessions) are set up before a run is measured: these are per-message costs, not handshakes.");
        table.note("TLS negotiated by the load generator: " + String.join(", ", ctx.connector().tlsSessions())
                + "; client TLS provider: " + ctx.connector().tlsProvider() + ". The client verifies Bondy's"
                + " certificate against the CA bench/run.sh made for this run and the address 127.0.0.1 against"
                + " its IP SAN (no verification skipped).");
        table.note("Server CPU/call: Bondy's process CPU (all threads, /proc/PID/stat, 10 ms resolution) over the"
                + " run divided by the calls answered; the load generator runs on the same machine.");
        failures.forEach(f -> table.note("failed: " + f));
        ctx.add(table);
    }

    private static ClosedLoop.Result keep(CallRuns.Outcome<ClosedLoop.Result> outcome, Endpoint e, String what,
                                          List<String> failures) {
        if (!outcome.ok()) {
            failures.add(e.label() + " " + what + ": " + outcome.notRun());
            return null;
        }
        ClosedLoop.Result r = outcome.result();
        if (r.errors() + r.lost() > 0) {
            failures.add(e.label() + " " + what + ": " + r.errors() + " errors, " + r.lost() + " lost ("
                    + r.lastError() + ")");
        }
        return r;
    }

    private static void row(Table table, String measure, List<ClosedLoop.Result> plain, List<ClosedLoop.Result> tls,
                            ToDoubleFunction<ClosedLoop.Result> metric, java.util.function.DoubleFunction<String> fmt,
                            String target) {
        double p = median(plain, metric);
        double t = median(tls, metric);
        List<String> perRound = new ArrayList<>();
        for (int i = 0; i < Math.min(plain.size(), tls.size()); i++) {
            if (plain.get(i) != null && tls.get(i) != null) {
                perRound.add(String.format(Locale.ROOT, "%.2f", metric.applyAsDouble(tls.get(i))
                        / metric.applyAsDouble(plain.get(i))));
            }
        }
        table.row(measure, Double.isNaN(p) ? "n/a" : fmt.apply(p), Double.isNaN(t) ? "n/a" : fmt.apply(t),
                Fmt.ratio(t / p), String.join(" ", perRound), target);
    }

    /** TLS ÷ plain of the medians (NaN when either side has no run). */
    private static double ratio(List<ClosedLoop.Result> plain, List<ClosedLoop.Result> tls,
                                ToDoubleFunction<ClosedLoop.Result> metric) {
        return median(tls, metric) / median(plain, metric);
    }

    static double median(List<ClosedLoop.Result> runs, ToDoubleFunction<ClosedLoop.Result> metric) {
        double[] values = runs.stream().filter(r -> r != null).mapToDouble(metric).filter(v -> !Double.isNaN(v))
                .sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static void check(BenchContext ctx, String target, String where, double ratio, double bound,
                              boolean atLeast) {
        if (Double.isNaN(ratio)) {
            ctx.add(Check.notApplicable(target, where, "no successful run on one side"));
            return;
        }
        ctx.add(Check.of(target, where, Fmt.ratio(ratio), (atLeast ? ">= " : "<= ") + Fmt.ratio(bound),
                atLeast ? ratio >= bound : ratio <= bound));
    }

    private static void plot(BenchContext ctx, String chart, String axis, Pair pair, double plain, double tls) {
        String category = pair.plain().transport().shortName();
        if (!Double.isNaN(plain)) {
            ctx.plot(chart, axis, "plain", category, plain);
        }
        if (!Double.isNaN(tls)) {
            ctx.plot(chart, axis, "TLS", category, tls);
        }
    }
}
