package io.bondy.transport.support;

import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket connection on a plain socket, frames written and read by hand ({@link WsFrames}): the
 * conformance suite's client. Reads wait 5 seconds at most.
 */
public final class RawWsConnection implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SerializerKind kind;
    private byte[] buffered = new byte[0];
    private String handshakeResponse;

    private RawWsConnection(int port, SerializerKind kind) throws IOException {
        this.kind = kind;
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects and sends {@code request} (a hand-written HTTP request); the response is {@link #handshakeResponse()}. */
    public static RawWsConnection request(int port, SerializerKind kind, String request) {
        try {
            RawWsConnection c = new RawWsConnection(port, kind);
            c.send(request.getBytes(StandardCharsets.US_ASCII));
            c.handshakeResponse = c.readHead();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and upgrades with the serializer's subprotocol; fails unless the server answers 101. */
    public static RawWsConnection open(int port, SerializerKind kind) {
        RawWsConnection c = request(port, kind, RawHttp.upgrade(TestConfigs.PATH,
                "Sec-WebSocket-Protocol: " + kind.subprotocol() + "\r\n"));
        if (!c.handshakeResponse.startsWith("HTTP/1.1 101")) {
            throw new AssertionError("upgrade refused: " + c.handshakeResponse);
        }
        return c;
    }

    public String handshakeResponse() {
        return handshakeResponse;
    }

    public void send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code bytes} {@code chunk} bytes at a time, each flushed on its own after a short pause. */
    public void sendInChops(byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            try {
                out.write(bytes, i, Math.min(chunk, bytes.length - i));
                out.flush();
                Thread.sleep(1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Sends one WAMP message as a single final frame (text for JSON, binary otherwise). */
    public void sendMessage(WampMessage message) {
        send(WsFrames.client(kind.binary() ? WsFrames.BINARY : WsFrames.TEXT, Serializers.of(kind).encode(message)));
    }

    /** HELLO for {@code realm1} and the WELCOME. */
    public Welcome join() {
        sendMessage(WampTestClient.hello());
        return nextMessage(Welcome.class);
    }

    /** The next WAMP message (skipping pongs). */
    public <T extends WampMessage> T nextMessage(Class<T> type) {
        WsFrames.Frame frame;
        do {
            frame = next();
        } while (frame.opcode() == WsFrames.PONG);
        if (frame.opcode() != WsFrames.TEXT && frame.opcode() != WsFrames.BINARY) {
            throw new AssertionError("expected a " + type.getSimpleName() + " message but got " + frame
                    + (frame.isClose() ? " " + frame.text() : ""));
        }
        WampMessage m = Serializers.of(kind).decode(frame.payload());
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + m);
        }
        return type.cast(m);
    }

    /** The next frame; fails if none arrives in time or the server closed the connection. */
    public WsFrames.Frame next() {
        WsFrames.Frame frame = nextOrEnd();
        if (frame == null) {
            throw new AssertionError("the server closed the connection without a further frame");
        }
        return frame;
    }

    /** The next frame, or null if the server closed the connection. */
    public WsFrames.Frame nextOrEnd() {
        while (true) {
            ByteBuffer view = ByteBuffer.wrap(buffered);
            WsFrames.Frame frame = WsFrames.read(view);
            if (frame != null) {
                byte[] rest = new byte[view.remaining()];
                view.get(rest);
                buffered = rest;
                return frame;
            }
            byte[] chunk = new byte[8192];
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no frame from the server within " + TIMEOUT_MILLIS + " ms");
            } catch (SocketException e) {
                return null; // reset: closed too
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (n < 0) {
                return null;
            }
            ByteArrayOutputStream more = new ByteArrayOutputStream(buffered.length + n);
            more.writeBytes(buffered);
            more.write(chunk, 0, n);
            buffered = more.toByteArray();
        }
    }

    /** True once the server has closed the TCP connection (nothing but the end of the stream left to read). */
    public boolean awaitEnd() {
        WsFrames.Frame frame = nextOrEnd();
        if (frame != null) {
            throw new AssertionError("expected the end of the connection but got " + frame);
        }
        return true;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    throw new EOFException("closed before any response");
                }
                break;
            }
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
