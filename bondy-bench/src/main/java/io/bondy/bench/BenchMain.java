package io.bondy.bench;

import io.bondy.bench.client.Connector;
import io.bondy.bench.report.Check;
import io.bondy.bench.report.Table;
import io.bondy.bench.workload.BenchContext;
import io.bondy.bench.workload.ClusterRun;
import io.bondy.bench.workload.FanOut;
import io.bondy.bench.workload.Gateway;
import io.bondy.bench.workload.IdleSessions;
import io.bondy.bench.workload.RoundTrip;
import io.bondy.bench.workload.Server;
import io.bondy.bench.workload.Settings;
import io.bondy.bench.workload.Soak;
import io.bondy.bench.workload.Throughput;
import io.bondy.bench.workload.Tls;
import io.bondy.core.serialization.SerializerKind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The load generator's command line, run by bench/run.sh once the servers are up:
 *
 * <pre>
 * BenchMain WORKLOAD [--quick] [--label TEXT] [--out FILE] [--sessions N] [--client-threads N]
 *           [--bondy WS_PORT,RAW_PORT,PID] [--echo WS_PORT,RAW_PORT,PID] [--jawampa WS_PORT,PID]
 *           [--bondy2 WS_PORT,RAW_PORT,PID --bondy3 WS_PORT,RAW_PORT,PID] (cluster: nodes 2 and 3)
 *           [--fox WS_PORT,PID] [--echo-http PORT] (gateway: the echo server's plain HTTP port)
 *           [--bondy-tls WSS_PORT,RAW_TLS_PORT --tls-ca CA_PEM] (tls: Bondy's TLS listeners and the CA to trust)
 * </pre>
 * WORKLOAD is {@code roundtrip}, {@code throughput}, {@code fanout}, {@code idle}, {@code cluster}, {@code gateway},
 * {@code tls} or {@code soak} ({@code --duration SECONDS}; default 1800, quick 120).
 * Prints Markdown tables (and appends them to FILE); exit code 0 even when targets FAIL (the tables
 * say so), except for the soak, whose checks are assertions (exit code 1); 2 for bad arguments.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("no workload given");
        }
        String workload = args[0];
        boolean quick = false;
        String label = "";
        Path out = null;
        int sessions = -1;
        int clientThreads = 0;
        long soakSeconds = 0;
        int echoHttpPort = 0;
        int[] tlsPorts = null;
        Path tlsCa = null;
        Map<String, Server> servers = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                quick = true;
                continue;
            }
            if (i + 1 >= args.length) {
                usage(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--label" -> label = v;
                case "--out" -> out = Path.of(v);
                case "--sessions" -> sessions = Integer.parseInt(v);
                case "--client-threads" -> clientThreads = Integer.parseInt(v);
                case "--duration" -> soakSeconds = Long.parseLong(v);
                case "--echo-http" -> echoHttpPort = Integer.parseInt(v);
                case "--bondy-tls" -> tlsPorts = ports("bondy-tls", v, 2);
                case "--tls-ca" -> tlsCa = Path.of(v);
                case "--bondy" -> servers.put("bondy", server("bondy", v, true, EnumSet.allOf(SerializerKind.class)));
                case "--bondy2" -> servers.put("bondy2", server("bondy2", v, true, EnumSet.allOf(SerializerKind.class)));
                case "--bondy3" -> servers.put("bondy3", server("bondy3", v, true, EnumSet.allOf(SerializerKind.class)));
                case "--echo" -> servers.put("echo", server("echo", v, true, EnumSet.allOf(SerializerKind.class)));
                case "--jawampa" -> servers.put("jawampa", server("jawampa", v, false,
                        EnumSet.of(SerializerKind.JSON, SerializerKind.MSGPACK)));
                case "--fox" -> servers.put("fox", server("fox", v, false, EnumSet.of(SerializerKind.JSON)));
                default -> usage("unknown option " + a);
            }
        }
        Settings settings = quick ? Settings.quickMode() : Settings.fullMode();
        StringBuilder report = new StringBuilder();
        boolean failed = false;
        if (workload.equals("tls") && (tlsPorts == null || tlsCa == null)) {
            usage("tls needs --bondy-tls WSS_PORT,RAW_TLS_PORT and --tls-ca CA_PEM");
        }
        try (Connector connector = new Connector(clientThreads)) {
            if (tlsCa != null) {
                connector.trust(tlsCa);
            }
            BenchContext ctx = new BenchContext(connector, servers, settings);
            report.append("### ").append(workload).append(label.isEmpty() ? "" : " (" + label + ")")
                    .append(quick ? ", quick mode" : "").append("\n\n");
            switch (workload) {
                case "roundtrip" -> RoundTrip.run(ctx);
                case "throughput" -> Throughput.run(ctx);
                case "fanout" -> FanOut.run(ctx);
                case "idle" -> {
                    for (int n : sessions > 0 ? List.of(sessions) : settings.idleSessions()) {
                        IdleSessions.run(ctx, n);
                    }
                }
                case "cluster" -> ClusterRun.run(ctx);
                case "gateway" -> Gateway.run(ctx, echoHttpPort);
                case "tls" -> Tls.run(ctx, tlsPorts[0], tlsPorts[1]);
                case "soak" -> failed = !Soak.run(ctx, java.time.Duration.ofSeconds(soakSeconds > 0 ? soakSeconds
                        : quick ? 120 : 1800));
                default -> usage("unknown workload " + workload);
            }
            for (Table t : ctx.tables()) {
                report.append(t.toMarkdown());
            }
            if (!ctx.checks().isEmpty()) {
                Table checks = new Table("Targets (" + workload + (label.isEmpty() ? "" : ", " + label) + ")",
                        "target", "where", "measured", "bound", "verdict");
                for (Check c : ctx.checks()) {
                    checks.row(c.target(), c.where(), c.measured(), c.bound(), c.verdict());
                }
                report.append(checks.toMarkdown());
            }
            if (out != null && !ctx.charts().isEmpty()) {
                String prefix = out.getFileName().toString().replaceAll("\\.md$", "") + "-" + workload
                        + (label.isEmpty() ? "" : "-" + label.replaceAll("[^A-Za-z0-9]+", "_"));
                for (Path png : ctx.charts().write(out.toAbsolutePath().getParent(), prefix)) {
                    report.append("![").append(workload).append("](").append(png.getFileName()).append(")\n\n");
                }
            }
            report.append("Load generator: ").append(connector.ioName()).append(", JVM flags ")
                    .append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                    .append(", max heap ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB, ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" CPU(s) visible.\n\n");
        }
        System.out.print(report);
        System.out.flush();
        if (out != null) {
            Files.writeString(out, report.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        if (failed) {
            System.exit(1); // the soak asserts: a FAIL there fails bench/run.sh soak
        }
    }

    /** {@code WS_PORT,RAW_PORT,PID} (with RawSocket) or {@code WS_PORT,PID}; a PID of 0 means unknown. */
    private static Server server(String name, String spec, boolean withRaw, EnumSet<SerializerKind> serializers) {
        String[] parts = spec.split(",");
        if (parts.length != (withRaw ? 3 : 2)) {
            usage("--" + name + " takes " + (withRaw ? "WS_PORT,RAW_PORT,PID" : "WS_PORT,PID") + ", got " + spec);
        }
        int ws = Integer.parseInt(parts[0]);
        int raw = withRaw ? Integer.parseInt(parts[1]) : 0;
        long pid = Long.parseLong(parts[parts.length - 1]);
        return new Server(name, ws, "/ws", raw, serializers, pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty(),
                !name.equals("fox"));
    }

    /** {@code count} comma-separated ports. */
    private static int[] ports(String name, String spec, int count) {
        String[] parts = spec.split(",");
        if (parts.length != count) {
            usage("--" + name + " takes " + count + " comma-separated ports, got " + spec);
        }
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = Integer.parseInt(parts[i].trim());
        }
        return ports;
    }

    private static void usage(String error) {
        System.err.println("error: " + error);
        System.err.println("usage: BenchMain roundtrip|throughput|fanout|idle|cluster|gateway|tls|soak [--quick]"
                + " [--label TEXT] [--out FILE] [--sessions N] [--client-threads N] [--bondy WS,RAW,PID]"
                + " [--echo WS,RAW,PID] [--jawampa WS,PID] [--fox WS,PID] [--echo-http PORT]"
                + " [--bondy-tls WSS,RAW_TLS --tls-ca CA_PEM]");
        System.exit(2);
    }
}
