package io.bondy.bench.workload;

import io.bondy.bench.client.Endpoint;
import java.time.Duration;
import java.util.OptionalLong;

/** Runs one call configuration on one server and never throws: failures become the outcome's text. */
final class CallRuns {

    private CallRuns() {
    }

    /** The result of a run, or why there is none ({@code notRun}: refused by the router, or failed). */
    record Outcome<R>(R result, String notRun) {

        boolean ok() {
            return result != null;
        }
    }

    static Outcome<ClosedLoop.Result> closed(BenchContext ctx, Server server, Endpoint endpoint, int callers,
                                             int inFlight, int callees, Duration warmup, Duration measure,
                                             long maxRequests) {
        return closed(ctx, server, endpoint, endpoint, Duration.ZERO, callers, inFlight, callees, warmup, measure,
                maxRequests);
    }

    /**
     * Like {@link #closed} with the one callee on {@code calleeEndpoint} (another node of the cluster);
     * the callers start half a second after it registered, once the route has reached their node.
     */
    static Outcome<ClosedLoop.Result> closedAcross(BenchContext ctx, Server server, Endpoint endpoint,
                                                   Endpoint calleeEndpoint, int callers, int inFlight,
                                                   Duration warmup, Duration measure, long maxRequests) {
        return closed(ctx, server, endpoint, calleeEndpoint, Duration.ofMillis(500), callers, inFlight, 1, warmup,
                measure, maxRequests);
    }

    private static Outcome<ClosedLoop.Result> closed(BenchContext ctx, Server server, Endpoint endpoint,
                                                     Endpoint calleeEndpoint, Duration settle, int callers,
                                                     int inFlight, int callees, Duration warmup, Duration measure,
                                                     long maxRequests) {
        try (CallSetup setup = CallSetup.open(ctx, server, endpoint, calleeEndpoint, callers, callees, settle)) {
            if (setup.refusal() != null) {
                return new Outcome<>(null, setup.refusal());
            }
            ProcessProbe probe = server.pid().isPresent() ? new ProcessProbe(server.pid().getAsLong()) : null;
            OptionalLong cpuBefore = probe == null ? OptionalLong.empty() : probe.cpuNanos();
            ClosedLoop.Result result = new ClosedLoop(setup.requesters(), inFlight, warmup, measure, maxRequests).run();
            OptionalLong cpuAfter = probe == null ? OptionalLong.empty() : probe.cpuNanos();
            if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                result = result.withServerCpu(cpuAfter.getAsLong() - cpuBefore.getAsLong());
            }
            return new Outcome<>(result, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome<>(null, "interrupted");
        } catch (Exception e) {
            return new Outcome<>(null, "failed: " + describe(e));
        }
    }

    static Outcome<OpenLoop.Result> open(BenchContext ctx, Server server, Endpoint endpoint, int callers,
                                         double rate, Duration duration, Duration warmup) {
        try (CallSetup setup = CallSetup.open(ctx, server, endpoint, callers, 1)) {
            if (setup.refusal() != null) {
                return new Outcome<>(null, setup.refusal());
            }
            return new Outcome<>(new OpenLoop(setup.requesters(), rate, duration, warmup).run(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome<>(null, "interrupted");
        } catch (Exception e) {
            return new Outcome<>(null, "failed: " + describe(e));
        }
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while ((root instanceof java.util.concurrent.ExecutionException
                || root instanceof java.util.concurrent.CompletionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
