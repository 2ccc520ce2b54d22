package io.bondy.bench.workload;

import io.bondy.bench.client.BenchConnection;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.report.Check;
import io.bondy.bench.report.Fmt;
import io.bondy.bench.report.Table;
import io.bondy.bench.wamp.BenchSession;
import io.bondy.core.message.Subscribed;
import io.bondy.core.serialization.SerializerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Workload 4: {@code n} sessions joined with one subscription each (to a topic of its own), then
 * left idle: heap after a full GC and RSS per session, measured on the server process as the
 * difference with the figures before connecting; and the connect+join rate. The echo server gets
 * {@code n} bare WebSocket connections, the cost of a connection without any WAMP state.
 */
public final class IdleSessions {

    static final String TARGET = "heap per idle joined session (1 subscription) <= 10 KiB";
    private static final double TARGET_BYTES = 10 * 1024;
    private static final int CONNECT_LIMIT = 256;
    private static final int WARM_UP_SESSIONS = 500;
    private static final Endpoint VARIANT = Endpoint.webSocket(Server.HOST, 1, "/", SerializerKind.JSON);

    private IdleSessions() {
    }

    public static void run(BenchContext ctx, int n) throws InterruptedException {
        Table table = new Table("4. Idle sessions (" + n + ", " + VARIANT.label() + ", one subscription each)",
                "server", "connected", "connect+join/s", "heap before -> after (after GC)", "heap/session",
                "RSS before -> after", "RSS/session", "heap <= 10 KiB/session");
        List<Server> servers = new ArrayList<>();
        ctx.server("echo").ifPresent(servers::add);
        servers.addAll(ctx.routers());
        for (Server server : servers) {
            measure(ctx, table, server, n);
        }
        table.note("Before measuring, " + WARM_UP_SESSIONS + " sessions are opened and closed on each server (JIT"
                + " warm-up of both ends); 'before' is taken after that.");
        table.note("Per session = (after - before) / connected. Heap is 'used' of jcmd GC.heap_info right after"
                + " jcmd GC.run (JVMs only: fox-wamp runs on Node); RSS is VmRSS of /proc/PID/status. Fresh server"
                + " processes for each size.");
        ctx.add(table);
    }

    private static void measure(BenchContext ctx, Table table, Server server, int n) throws InterruptedException {
        String name = server.isEcho() ? "echo (bare WebSocket, baseline)" : server.name();
        boolean ours = server.name().equals("bondy");
        Endpoint endpoint = server.endpoint(VARIANT);
        // Warm both ends' connect/join code first, so the rate below is not that of cold code.
        var warm = Concurrently.open(WARM_UP_SESSIONS, CONNECT_LIMIT, 60, TimeUnit.SECONDS,
                i -> open(ctx, server, endpoint, ctx.freshUri("warm")));
        closeAll(connections(warm.items()));
        ProcessProbe probe = server.pid().isPresent() ? new ProcessProbe(server.pid().getAsLong()) : null;
        OptionalLong heap0 = probe == null || !server.jvm() ? OptionalLong.empty() : probe.heapUsedAfterGc();
        OptionalLong rss0 = probe == null ? OptionalLong.empty() : probe.rssBytes();
        String prefix = ctx.freshUri("idle");
        long start = System.nanoTime();
        var opened = Concurrently.open(n, CONNECT_LIMIT, 180, TimeUnit.SECONDS,
                i -> open(ctx, server, endpoint, prefix + "." + i));
        double seconds = (System.nanoTime() - start) / 1e9;
        List<BenchConnection> connections = connections(opened.items());
        int connected = connections.size();
        Thread.sleep(1000); // let the server settle (handshake buffers released, pending tasks run)
        OptionalLong heap1 = probe == null || !server.jvm() ? OptionalLong.empty() : probe.heapUsedAfterGc();
        OptionalLong rss1 = probe == null ? OptionalLong.empty() : probe.rssBytes();
        closeAll(connections);
        String heapPer = perSession(heap0, heap1, connected);
        String verdict = "";
        if (ours) {
            if (heap0.isPresent() && heap1.isPresent() && connected > 0) {
                double per = (double) (heap1.getAsLong() - heap0.getAsLong()) / connected;
                boolean pass = per <= TARGET_BYTES && connected == n;
                verdict = RoundTrip.verdict(pass);
                ctx.add(Check.of(TARGET, n + " sessions", Fmt.bytes(per) + (connected < n ? " (only " + connected
                        + " connected)" : ""), "10 KiB", pass));
            } else {
                verdict = "n/a";
                ctx.add(Check.notApplicable(TARGET, n + " sessions", "no heap figures (" + opened.failureText() + ")"));
            }
        }
        table.row(name, connected + (opened.failures() > 0 ? " (" + opened.failureText() + ")" : ""),
                Fmt.rate(connected / seconds), range(heap0, heap1), heapPer, range(rss0, rss1),
                perSession(rss0, rss1, connected), verdict);
    }

    /** A bare WebSocket connection to the echo server, or a session joined and subscribed to {@code topic}. */
    private static CompletableFuture<Object> open(BenchContext ctx, Server server, Endpoint endpoint, String topic) {
        return server.isEcho()
                ? ctx.connector().connect(endpoint, (c, p) -> { }).thenApply(c -> (Object) c)
                : joinAndSubscribe(ctx, endpoint, topic).thenApply(s -> (Object) s);
    }

    private static List<BenchConnection> connections(List<Object> opened) {
        List<BenchConnection> connections = new ArrayList<>();
        for (Object o : opened) {
            connections.add(o instanceof BenchSession s ? s.connection() : (BenchConnection) o);
        }
        return connections;
    }

    private static CompletableFuture<BenchSession> joinAndSubscribe(BenchContext ctx, Endpoint endpoint, String topic) {
        return BenchSession.join(ctx.connector(), endpoint, BenchContext.REALM, (s, m) -> { })
                .thenCompose(s -> s.subscribe(topic).thenApply(answer -> {
                    if (!(answer instanceof Subscribed)) {
                        s.connection().close();
                        throw new IllegalStateException("SUBSCRIBE refused: " + answer);
                    }
                    return s;
                }));
    }

    private static void closeAll(List<BenchConnection> connections) {
        connections.forEach(BenchConnection::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (BenchConnection c : connections) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
    }

    private static String range(OptionalLong before, OptionalLong after) {
        if (before.isEmpty() || after.isEmpty()) {
            return "n/a";
        }
        return Fmt.bytes(before.getAsLong()) + " -> " + Fmt.bytes(after.getAsLong());
    }

    private static String perSession(OptionalLong before, OptionalLong after, int connected) {
        if (before.isEmpty() || after.isEmpty() || connected == 0) {
            return "n/a";
        }
        return Fmt.bytes((double) (after.getAsLong() - before.getAsLong()) / connected);
    }
}
