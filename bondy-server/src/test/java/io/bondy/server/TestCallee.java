package io.bondy.server;

import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.message.Yield;
import io.bondy.core.router.session.ApplicationError;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A WAMP callee over RawSocket in its own thread, for end-to-end tests: procedures are functions of the
 * INVOCATION; one returning null never answers (to test timeouts); throwing {@link ApplicationError}
 * answers with ERROR.
 */
final class TestCallee implements AutoCloseable {

    private final RawSocketClient client;
    private final Map<Long, Function<Invocation, Payload>> byRegistration = new ConcurrentHashMap<>();
    private final BlockingQueue<WampMessage> replies = new ArrayBlockingQueue<>(16);
    private final Thread reader;
    private volatile boolean closed;

    TestCallee(int rawSocketPort, String realm) throws IOException {
        client = RawSocketClient.connect(rawSocketPort);
        WampMessage welcome = client.joinAnonymous(realm);
        if (!(welcome instanceof Welcome)) {
            throw new IllegalStateException("callee not welcome: " + welcome);
        }
        client.timeout(0);
        reader = new Thread(this::read, "test-callee");
        reader.setDaemon(true);
        reader.start();
    }

    /** Registers {@code procedure}; returns once REGISTERED. */
    TestCallee register(String procedure, Function<Invocation, Payload> handler) throws Exception {
        synchronized (client) {
            client.send(new Register(client.nextRequest(), Map.of(), procedure));
        }
        WampMessage reply = replies.poll(10, TimeUnit.SECONDS);
        if (!(reply instanceof Registered r)) {
            throw new IllegalStateException("REGISTER " + procedure + " failed: " + reply);
        }
        byRegistration.put(r.registrationId(), handler);
        return this;
    }

    private void read() {
        try {
            while (!closed) {
                WampMessage m = client.next();
                if (m instanceof Invocation inv) {
                    answer(inv);
                } else {
                    replies.offer(m);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void answer(Invocation inv) throws IOException {
        Function<Invocation, Payload> handler = byRegistration.get(inv.registrationId());
        WampMessage answer;
        try {
            Payload p = handler.apply(inv);
            if (p == null) {
                return;
            }
            answer = new Yield(inv.requestId(), Map.of(), p);
        } catch (ApplicationError e) {
            answer = new Error(MessageType.INVOCATION.code(), inv.requestId(), Map.of(), e.uri(), e.payload());
        }
        synchronized (client) {
            client.send(answer);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        client.close();
    }
}
