package io.bondy.bench.workload;

import io.bondy.bench.client.Connector;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.wamp.BenchSession;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A caller session: CALL with the send time as argument, RESULT (or ERROR) back through the router. */
final class CallRequester extends Requester {

    private final String procedure;
    private BenchSession session;

    private CallRequester(String procedure) {
        this.procedure = procedure;
    }

    static CompletableFuture<Requester> join(Connector connector, Endpoint endpoint, String realm, String procedure) {
        CallRequester r = new CallRequester(procedure);
        return BenchSession.join(connector, endpoint, realm, r::onMessage).thenApply(s -> {
            r.session = s;
            return r;
        });
    }

    @Override
    public void send(long t0) {
        session.send(new Call(session.nextRequestId(), Map.of(), procedure, Args.of(t0)));
    }

    private void onMessage(BenchSession s, WampMessage m) {
        if (m instanceof Result result) {
            sink.onReply(this, Args.t0(result.payload()));
        } else if (m instanceof Error error) {
            sink.onError(this, error.error());
        }
    }

    @Override
    public EventLoop eventLoop() {
        return session.eventLoop();
    }

    @Override
    public void close() {
        session.leave();
    }
}
