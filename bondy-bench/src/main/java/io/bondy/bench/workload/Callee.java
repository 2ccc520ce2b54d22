package io.bondy.bench.workload;

import io.bondy.bench.client.Connector;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.wamp.BenchSession;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Registered;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Yield;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A callee session that YIELDs every INVOCATION's arguments straight back. */
final class Callee {

    private final BenchSession session;

    private Callee(BenchSession session) {
        this.session = session;
    }

    static CompletableFuture<Callee> join(Connector connector, Endpoint endpoint, String realm) {
        return BenchSession.join(connector, endpoint, realm, Callee::onMessage).thenApply(Callee::new);
    }

    private static void onMessage(BenchSession s, WampMessage m) {
        if (m instanceof Invocation inv) {
            s.send(new Yield(inv.requestId(), Map.of(), inv.payload()));
        }
    }

    /**
     * Registers {@code procedure}; completes with null when REGISTERED, or with the router's error
     * URI when refused.
     */
    CompletableFuture<String> register(String procedure, Map<String, Object> options) {
        return session.register(procedure, options).thenApply(Callee::refusal);
    }

    private static String refusal(WampMessage answer) {
        if (answer instanceof Registered) {
            return null;
        }
        return answer instanceof Error e ? e.error() : "unexpected " + answer.type();
    }

    void close() {
        session.leave();
    }
}
