package io.bondy.bench.workload;

import io.bondy.bench.client.BenchConnection;
import io.bondy.bench.client.Connector;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.client.FrameListener;
import io.bondy.core.message.Call;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Yield;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.Serializers;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two-hop shape of a call without a router: a caller and a reflector on the echo server's
 * {@code /relay/KEY} path (a key of their own), which forwards every frame of one to the other. The
 * caller sends a CALL;
 * the reflector decodes it and answers a YIELD with the same arguments, as a callee does; the caller
 * reads that. Every socket hop of a routed call (caller, server, callee, server, caller) is there, and
 * the server does no WAMP work: what a router adds to a call is its round trip minus this one.
 */
final class RelayRequester extends Requester implements FrameListener {

    /** The echo server's path of caller and reflector pairs; a path under it marks a relay endpoint. */
    static final String RELAY_PATH = "/relay/";
    private static final AtomicLong KEYS = new AtomicLong();

    private final Serializer serializer;
    private final String procedure;
    private BenchConnection caller;
    private BenchConnection reflector;
    private long requestId;

    private RelayRequester(Endpoint endpoint, String procedure) {
        this.serializer = Serializers.of(endpoint.serializer());
        this.procedure = procedure;
    }

    /**
     * Connects the reflector, then the caller, both to the echo server's {@code /relay/KEY} with a key
     * no other requester uses; {@code echo} gives the server, transport and serializer.
     */
    static CompletableFuture<Requester> connect(Connector connector, Endpoint echo, String procedure) {
        Endpoint pair = Endpoint.webSocket(echo.host(), echo.port(), RELAY_PATH + KEYS.incrementAndGet(),
                echo.serializer());
        RelayRequester r = new RelayRequester(pair, procedure);
        return connector.connect(pair, r::reflect)
                .thenCompose(reflector -> {
                    r.reflector = reflector;
                    return connector.connect(pair, r);
                })
                .thenApply(caller -> {
                    r.caller = caller;
                    return r;
                });
    }

    @Override
    public void send(long t0) {
        caller.send(serializer.encode(new Call(++requestId, Map.of(), procedure, Args.of(t0))));
    }

    /** The caller's side: the reflector's YIELD ends a round trip. */
    @Override
    public void onFrame(BenchConnection conn, byte[] payload) {
        WampMessage m = serializer.decode(payload);
        if (m instanceof Yield y) {
            sink.onReply(this, Args.t0(y.payload()));
        } else {
            sink.onError(this, "the relay returned " + m.type());
        }
    }

    /** The reflector's side: answers every CALL with a YIELD, as a callee answers an INVOCATION. */
    private void reflect(BenchConnection conn, byte[] payload) {
        if (serializer.decode(payload) instanceof Call c) {
            conn.send(serializer.encode(new Yield(c.requestId(), Map.of(), c.payload())));
        }
    }

    @Override
    public EventLoop eventLoop() {
        return caller.eventLoop();
    }

    @Override
    public void close() {
        if (caller != null) {
            caller.close();
        }
        if (reflector != null) {
            reflector.close();
        }
    }
}
