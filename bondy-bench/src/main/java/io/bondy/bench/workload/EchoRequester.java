package io.bondy.bench.workload;

import io.bondy.bench.client.BenchConnection;
import io.bondy.bench.client.Connector;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.client.FrameListener;
import io.bondy.core.message.Call;
import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.Serializers;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends CALL messages to the echo server and reads them back: the same encoding, framing and
 * decoding work per message as a caller through a router, without the router.
 */
final class EchoRequester extends Requester implements FrameListener {

    private final Serializer serializer;
    private final String procedure;
    private BenchConnection connection;
    private long requestId;

    private EchoRequester(Endpoint endpoint, String procedure) {
        this.serializer = Serializers.of(endpoint.serializer());
        this.procedure = procedure;
    }

    static CompletableFuture<Requester> connect(Connector connector, Endpoint endpoint, String procedure) {
        EchoRequester r = new EchoRequester(endpoint, procedure);
        return connector.connect(endpoint, r).thenApply(conn -> {
            r.connection = conn;
            return r;
        });
    }

    @Override
    public void send(long t0) {
        connection.send(serializer.encode(new Call(++requestId, Map.of(), procedure, Args.of(t0))));
    }

    @Override
    public void onFrame(BenchConnection conn, byte[] payload) {
        WampMessage m = serializer.decode(payload);
        if (m instanceof Call call) {
            sink.onReply(this, Args.t0(call.payload()));
        } else {
            sink.onError(this, "echo returned " + m.type());
        }
    }

    @Override
    public EventLoop eventLoop() {
        return connection.eventLoop();
    }

    @Override
    public void close() {
        connection.close();
    }
}
