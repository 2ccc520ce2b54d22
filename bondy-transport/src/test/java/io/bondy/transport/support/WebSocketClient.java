package io.bondy.transport.support;

import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A WAMP-over-WebSocket test client on the JDK's {@link HttpClient} WebSocket, with 5-second waits. */
public final class WebSocketClient implements WampTestClient {

    private static final long TIMEOUT_SECONDS = 5;

    private final SerializerKind kind;
    private final Listener listener = new Listener();
    private final WebSocket socket;

    private WebSocketClient(int port, SerializerKind kind) throws ExecutionException, InterruptedException,
            TimeoutException {
        this(builder(), URI.create("ws://127.0.0.1:" + port + TestConfigs.PATH), kind);
    }

    private WebSocketClient(WebSocket.Builder builder, URI uri, SerializerKind kind) throws ExecutionException,
            InterruptedException, TimeoutException {
        this.kind = kind;
        this.socket = builder.subprotocols(kind.subprotocol()).buildAsync(uri, listener)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A {@code wss://127.0.0.1:port/ws} client trusting what {@code tls} trusts. */
    public static WebSocketClient openTls(int port, SerializerKind kind, javax.net.ssl.SSLContext tls) {
        try {
            WebSocket.Builder builder = HttpClient.newBuilder().sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)).build()
                    .newWebSocketBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS));
            return new WebSocketClient(builder, URI.create("wss://127.0.0.1:" + port + TestConfigs.PATH), kind);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("WebSocket connection failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static WebSocketClient open(int port, SerializerKind kind) {
        try {
            return new WebSocketClient(port, kind);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("WebSocket connection failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static WebSocket.Builder builder() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)).build()
                .newWebSocketBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    @Override
    public void send(WampMessage message) {
        byte[] bytes = Serializers.of(kind).encode(message);
        if (kind.binary()) {
            sendBinary(bytes);
        } else {
            sendText(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    public void sendText(String text) {
        sendText(text, true);
    }

    /** Sends one text frame; {@code last=false} leaves the message open for continuation frames. */
    public void sendText(String text, boolean last) {
        await(socket.sendText(text, last));
    }

    public void sendBinary(byte[] bytes) {
        await(socket.sendBinary(ByteBuffer.wrap(bytes), true));
    }

    public void sendPing(byte[] payload) {
        await(socket.sendPing(ByteBuffer.wrap(payload)));
    }

    /** The payload of the next PONG. */
    public byte[] nextPong() {
        try {
            byte[] pong = listener.pongs.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (pong == null) {
                throw new AssertionError("no pong within " + TIMEOUT_SECONDS + " s");
            }
            return pong;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public WampMessage next() {
        Object frame = poll();
        if (frame instanceof String text) {
            if (kind.binary()) {
                throw new AssertionError("text frame for " + kind + ": " + text);
            }
            return Serializers.of(kind).decode(text.getBytes(StandardCharsets.UTF_8));
        }
        if (!kind.binary()) {
            throw new AssertionError("binary frame for " + kind);
        }
        return Serializers.of(kind).decode((byte[]) frame);
    }

    @Override
    public boolean awaitClosed() {
        return closeCode() != null;
    }

    /** The close code the server sent (-1 if the connection just dropped), or null if still open. */
    public Integer closeCode() {
        try {
            return listener.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    private Object poll() {
        try {
            Object frame = listener.frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no message within " + TIMEOUT_SECONDS + " s (closed: "
                        + listener.closed.getNow(null) + ")");
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(CompletableFuture<?> sent) {
        try {
            sent.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("send failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Collects whole messages (text as String, binary as byte[]) and the close code. */
    private static final class Listener implements WebSocket.Listener {

        final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                frames.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            pongs.add(bytes);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
