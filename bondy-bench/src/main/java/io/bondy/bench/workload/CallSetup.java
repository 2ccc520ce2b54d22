package io.bondy.bench.workload;

import io.bondy.bench.client.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sets up the connections of a call workload on one server: for a router, {@code callees} callee
 * sessions sharing one procedure (with {@code invoke = roundrobin} when more than one) and
 * {@code callers} caller sessions; for the echo server, {@code callers} echo connections (on its
 * {@code /relay/} path, caller and reflector pairs: {@link RelayRequester}).
 * {@link #refusal()} tells when the router refused the registration (the run reports n/a).
 */
final class CallSetup implements AutoCloseable {

    private static final long SETUP_SECONDS = 30;

    private final List<Requester> requesters = new ArrayList<>();
    private final List<Callee> callees = new ArrayList<>();
    private String refusal;

    static CallSetup open(BenchContext ctx, Server server, Endpoint endpoint, int callers, int callees)
            throws InterruptedException, ExecutionException, TimeoutException {
        return open(ctx, server, endpoint, endpoint, callers, callees, Duration.ZERO);
    }

    /**
     * Callees on {@code calleeEndpoint}, callers on {@code endpoint} (another node of a cluster); the
     * callers join {@code settle} after the registration, so the route has reached their node.
     */
    static CallSetup open(BenchContext ctx, Server server, Endpoint endpoint, Endpoint calleeEndpoint, int callers,
                          int callees, Duration settle)
            throws InterruptedException, ExecutionException, TimeoutException {
        CallSetup setup = new CallSetup();
        String procedure = ctx.freshUri("call");
        try {
            if (!server.isEcho()) {
                setup.registerCallees(ctx, calleeEndpoint, procedure, callees);
                if (setup.refusal != null) {
                    return setup;
                }
                Thread.sleep(settle.toMillis());
            }
            List<CompletableFuture<Requester>> joining = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                joining.add(!server.isEcho() ? CallRequester.join(ctx.connector(), endpoint, BenchContext.REALM, procedure)
                        : isRelay(endpoint) ? RelayRequester.connect(ctx.connector(), endpoint, procedure)
                        : EchoRequester.connect(ctx.connector(), endpoint, procedure));
            }
            for (CompletableFuture<Requester> f : joining) {
                setup.requesters.add(f.get(SETUP_SECONDS, TimeUnit.SECONDS));
            }
            return setup;
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            setup.close();
            throw e;
        }
    }

    /** The echo server's {@code /relay/} path: a call's two hops through it ({@link RelayRequester}). */
    private static boolean isRelay(Endpoint endpoint) {
        return endpoint.transport() == io.bondy.bench.client.Transport.WEBSOCKET
                && endpoint.path().startsWith(RelayRequester.RELAY_PATH);
    }

    private void registerCallees(BenchContext ctx, Endpoint endpoint, String procedure, int count)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> options = count > 1 ? Map.of("invoke", "roundrobin") : Map.of();
        for (int i = 0; i < count; i++) {
            Callee callee = Callee.join(ctx.connector(), endpoint, BenchContext.REALM)
                    .get(SETUP_SECONDS, TimeUnit.SECONDS);
            callees.add(callee);
            String error = callee.register(procedure, options).get(SETUP_SECONDS, TimeUnit.SECONDS);
            if (error != null) {
                refusal = "REGISTER " + (count > 1 ? "invoke=roundrobin " : "") + "refused: " + error;
                return;
            }
        }
    }

    /** Why the router refused the registration, or null. */
    String refusal() {
        return refusal;
    }

    List<Requester> requesters() {
        return requesters;
    }

    @Override
    public void close() {
        requesters.forEach(Requester::close);
        callees.forEach(Callee::close);
    }
}
