package io.bondy.server.cli;

import io.bondy.core.message.Abort;
import io.bondy.core.message.Authenticate;
import io.bondy.core.message.Call;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.Error;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A minimal WAMP caller for the CLI: one WebSocket ({@code wamp.2.json}) with the JDK's HTTP client,
 * HELLO with {@code wampcra} (password) or {@code ticket}, then CALLs one at a time.
 *
 * <p>Threading: one thread uses a session; the WebSocket listener only queues decoded messages.
 */
final class AdminSession implements AutoCloseable {

    private static final Serializer JSON = Serializers.of(SerializerKind.JSON);

    private final WebSocket socket;
    private final BlockingQueue<Object> inbox;
    private final Duration timeout;
    private long nextRequest;

    private AdminSession(WebSocket socket, BlockingQueue<Object> inbox, Duration timeout) {
        this.socket = socket;
        this.inbox = inbox;
        this.timeout = timeout;
    }

    /**
     * Connects and authenticates.
     *
     * @throws ConnectException when the router cannot be reached or refuses the credentials
     */
    static AdminSession open(ConnectionOptions options, Duration timeout) {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        String url = options.url();
        WebSocket socket;
        try {
            socket = HttpClient.newBuilder().connectTimeout(timeout).build().newWebSocketBuilder()
                    .subprotocols(SerializerKind.JSON.subprotocol()).connectTimeout(timeout)
                    .buildAsync(URI.create(url), new Listener(inbox)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (isRefused(e)) {
                throw new ConnectException("no Bondy node at " + url + " (connection refused)", e);
            }
            throw new ConnectException("cannot connect to " + url + ": " + rootMessage(e), e);
        } catch (TimeoutException e) {
            throw new ConnectException("cannot connect to " + url + ": timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new ConnectException("bad --url " + url + ": " + e.getMessage(), e);
        }
        AdminSession session = new AdminSession(socket, inbox, timeout);
        session.join(options);
        return session;
    }

    private void join(ConnectionOptions options) {
        String method = options.ticket != null ? "ticket" : "wampcra";
        send(new Hello(options.realm, Map.of("authid", options.user, "authmethods", List.of(method),
                "roles", Map.of("caller", Map.of()))));
        WampMessage reply = next();
        if (reply instanceof Challenge challenge) {
            String signature = "ticket".equals(method) ? options.ticket
                    : CraSignature.sign(options.password(), challenge.extra());
            send(new Authenticate(signature, Map.of()));
            reply = next();
        }
        if (reply instanceof Abort abort) {
            socket.abort();
            throw new ConnectException("authentication refused: " + abort.reason() + messageOf(abort.details()), null);
        }
        if (!(reply instanceof Welcome)) {
            socket.abort();
            throw new ConnectException("unexpected answer to HELLO: " + reply.type(), null);
        }
    }

    /**
     * Calls {@code procedure} and returns the RESULT's payload.
     *
     * @throws WampErrorException for an ERROR answer
     */
    Payload call(String procedure, List<Object> args) {
        long request = ++nextRequest;
        send(new Call(request, Map.of(), procedure, Payload.of(args)));
        while (true) {
            WampMessage m = next();
            if (m instanceof Result r && r.requestId() == request) {
                return r.payload();
            }
            if (m instanceof Error e && e.requestId() == request) {
                List<Object> a = e.payload() instanceof Payload.Arguments p ? p.argsOrEmpty() : List.of();
                throw new WampErrorException(e.error(), a.isEmpty() ? "" : String.valueOf(a.get(0)));
            }
            if (m instanceof Goodbye || m instanceof Abort) {
                throw new ConnectException("the router closed the session", null);
            }
        }
    }

    /** The first result argument, or null. */
    Object callOne(String procedure, List<Object> args) {
        Payload p = call(procedure, args);
        List<Object> a = p instanceof Payload.Arguments x ? x.argsOrEmpty() : List.of();
        return a.isEmpty() ? null : a.get(0);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            send(new Goodbye(Map.of(), "wamp.close.close_realm"));
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
        socket.abort();
    }

    private void send(WampMessage m) {
        try {
            socket.sendText(new String(JSON.encode(m), StandardCharsets.UTF_8), true)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("cannot send to the router: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted", e);
        }
    }

    private WampMessage next() {
        Object o;
        try {
            o = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted", e);
        }
        if (o == null) {
            throw new ConnectException("no answer from the router in " + timeout.toSeconds() + "s", null);
        }
        if (o instanceof WampMessage m) {
            return m;
        }
        throw new ConnectException("the connection closed: " + o, null);
    }

    private static String messageOf(Map<String, Object> details) {
        return details.get("message") instanceof String s ? " (" + s + ")" : "";
    }

    /** Nothing listens there: the JDK says so with a ConnectException or, for WebSocket, a ClosedChannelException. */
    private static boolean isRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Collects text frames into messages and queues them (or the reason the socket ended). */
    private static final class Listener implements WebSocket.Listener {

        private final BlockingQueue<Object> inbox;
        private final StringBuilder partial = new StringBuilder();

        Listener(BlockingQueue<Object> inbox) {
            this.inbox = inbox;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    inbox.add(JSON.decode(text.getBytes(StandardCharsets.UTF_8)));
                } catch (RuntimeException e) {
                    inbox.add("undecodable message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inbox.add("closed by the router (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inbox.add(String.valueOf(error.getMessage()));
        }
    }
}
