package io.bondy.bench.wamp;

import io.bondy.bench.client.BenchConnection;
import io.bondy.bench.client.Connector;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.client.FrameListener;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Error;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.Serializers;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal WAMP client session for the load generator: HELLO/WELCOME, REGISTER and SUBSCRIBE with
 * futures, and every other message (RESULT, INVOCATION, EVENT, ...) handed to a {@link Handler}.
 * Messages are encoded and decoded with bondy-core's serializers.
 *
 * <p>Threading: the handler runs on the connection's event loop; {@link #send} may be called from
 * any thread, the workloads call it from {@link #eventLoop()}.
 */
public final class BenchSession implements FrameListener {

    /** Receives the messages that are not answers to {@link #register} or {@link #subscribe}. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(BenchSession session, WampMessage message);
    }

    /** Roles announced in HELLO (jawampa refuses a HELLO without roles). */
    private static final Map<String, Object> ROLES = Map.of("roles", Map.of(
            "caller", Map.of(), "callee", Map.of(), "publisher", Map.of(), "subscriber", Map.of()));

    private final Serializer serializer;
    private final String realm;
    private final CompletableFuture<BenchSession> joined = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<WampMessage>> control = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile Handler handler = (s, m) -> { };
    private volatile BenchConnection connection;
    private volatile long sessionId;

    private BenchSession(Endpoint endpoint, String realm) {
        this.serializer = Serializers.of(endpoint.serializer());
        this.realm = realm;
    }

    /** Connects, sends HELLO and completes with the session once WELCOME arrives (fails on ABORT). */
    public static CompletableFuture<BenchSession> join(Connector connector, Endpoint endpoint, String realm,
                                                       Handler handler) {
        BenchSession session = new BenchSession(endpoint, realm);
        session.handler = handler;
        connector.connect(endpoint, session).whenComplete((conn, error) -> {
            if (error != null) {
                session.joined.completeExceptionally(error);
            } else {
                session.connection = conn;
                session.send(new Hello(realm, ROLES));
            }
        });
        return session.joined;
    }

    public long sessionId() {
        return sessionId;
    }

    public String realm() {
        return realm;
    }

    public Serializer serializer() {
        return serializer;
    }

    public EventLoop eventLoop() {
        return connection.eventLoop();
    }

    public BenchConnection connection() {
        return connection;
    }

    public void setHandler(Handler handler) {
        this.handler = handler;
    }

    /** A fresh request id of this session (1, 2, 3, ...). */
    public long nextRequestId() {
        return requestIds.incrementAndGet();
    }

    public void send(WampMessage message) {
        connection.send(serializer.encode(message));
    }

    /** REGISTERs and completes with REGISTERED or ERROR (both are returned, not thrown). */
    public CompletableFuture<WampMessage> register(String procedure, Map<String, Object> options) {
        long id = nextRequestId();
        CompletableFuture<WampMessage> answer = new CompletableFuture<>();
        control.put(id, answer);
        send(new Register(id, options, procedure));
        return answer;
    }

    /** SUBSCRIBEs and completes with SUBSCRIBED or ERROR (both are returned, not thrown). */
    public CompletableFuture<WampMessage> subscribe(String topic) {
        long id = nextRequestId();
        CompletableFuture<WampMessage> answer = new CompletableFuture<>();
        control.put(id, answer);
        send(new Subscribe(id, Map.of(), topic));
        return answer;
    }

    /** Sends GOODBYE and closes the connection without waiting for the answer. */
    public void leave() {
        BenchConnection conn = connection;
        if (conn != null && conn.isActive()) {
            send(new Goodbye(Map.of(), "wamp.close.close_realm"));
            conn.close();
        }
    }

    @Override
    public void onFrame(BenchConnection conn, byte[] payload) {
        WampMessage message = serializer.decode(payload);
        if (!joined.isDone()) {
            if (message instanceof Welcome welcome) {
                sessionId = welcome.session();
                joined.complete(this);
            } else if (message instanceof Abort abort) {
                joined.completeExceptionally(new IllegalStateException("ABORT " + abort.reason() + " "
                        + abort.details()));
                conn.close();
            } else {
                joined.completeExceptionally(new IllegalStateException("expected WELCOME, got " + message.type()));
                conn.close();
            }
            return;
        }
        CompletableFuture<WampMessage> answer = controlAnswer(message);
        if (answer != null) {
            answer.complete(message);
        } else {
            handler.onMessage(this, message);
        }
    }

    private CompletableFuture<WampMessage> controlAnswer(WampMessage message) {
        if (message instanceof Registered r) {
            return control.remove(r.requestId());
        }
        if (message instanceof Subscribed s) {
            return control.remove(s.requestId());
        }
        if (message instanceof Error e && (e.requestType() == MessageType.REGISTER.code()
                || e.requestType() == MessageType.SUBSCRIBE.code())) {
            return control.remove(e.requestId());
        }
        return null;
    }

    @Override
    public void onClose(BenchConnection conn) {
        joined.completeExceptionally(new IllegalStateException("connection closed before WELCOME"));
        IllegalStateException closed = new IllegalStateException("connection closed");
        control.values().forEach(f -> f.completeExceptionally(closed));
    }
}
