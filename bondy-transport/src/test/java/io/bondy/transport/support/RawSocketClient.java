package io.bondy.transport.support;

import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A minimal blocking WAMP-over-RawSocket client on a plain {@link Socket}, with 5-second read timeouts. */
public final class RawSocketClient implements WampTestClient {

    private static final int TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private SerializerKind kind;

    private RawSocketClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private RawSocketClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects without a handshake. */
    public static RawSocketClient connect(int port) {
        try {
            return new RawSocketClient(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client on {@code socket} (e.g. a TLS socket), handshake done with {@code kind}. */
    public static RawSocketClient open(Socket socket, SerializerKind kind) {
        RawSocketClient client;
        try {
            client = new RawSocketClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] reply = client.handshake(15, kind.rawSocketId());
        if (reply[0] != 0x7F || (reply[1] & 0x0F) != kind.rawSocketId()) {
            throw new AssertionError("handshake refused: " + Arrays.toString(reply));
        }
        return client;
    }

    /** The socket (e.g. to read the TLS session). */
    public Socket socket() {
        return socket;
    }

    /** Connects and completes the handshake for {@code kind}, accepting messages up to 16 MiB. */
    public static RawSocketClient open(int port, SerializerKind kind) {
        return open(port, kind, 15);
    }

    /** Connects and completes the handshake, announcing {@code lengthField} (0 = 512 bytes). */
    public static RawSocketClient open(int port, SerializerKind kind, int lengthField) {
        RawSocketClient client = connect(port);
        byte[] reply = client.handshake(lengthField, kind.rawSocketId());
        if (reply[0] != 0x7F || (reply[1] & 0x0F) != kind.rawSocketId()) {
            throw new AssertionError("handshake refused: " + Arrays.toString(reply));
        }
        return client;
    }

    /** Sends the 4 handshake octets and returns the router's 4-octet reply. */
    public byte[] handshake(int lengthField, int serializerId) {
        sendRaw(new byte[] {0x7F, (byte) ((lengthField << 4) | serializerId), 0, 0});
        byte[] reply = readExactly(4);
        SerializerKind.byRawSocketId(serializerId).ifPresent(k -> kind = k);
        return reply;
    }

    @Override
    public void send(WampMessage message) {
        sendFrame(0, Serializers.of(kind).encode(message));
    }

    public void sendFrame(int type, byte[] payload) {
        byte[] frame = new byte[4 + payload.length];
        frame[0] = (byte) type;
        frame[1] = (byte) (payload.length >>> 16);
        frame[2] = (byte) (payload.length >>> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        sendRaw(frame);
    }

    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame: its type (0 WAMP, 1 PING, 2 PONG) and payload. */
    public Frame readFrame() {
        byte[] header = readExactly(4);
        int length = ((header[0] & 0x08) << 21) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                | (header[3] & 0xFF);
        return new Frame(header[0] & 0x07, readExactly(length));
    }

    @Override
    public WampMessage next() {
        Frame frame = readFrame();
        if (frame.type() != 0) {
            throw new AssertionError("expected a WAMP frame but got type " + frame.type());
        }
        return Serializers.of(kind).decode(frame.payload());
    }

    @Override
    public boolean awaitClosed() {
        try {
            while (in.read() >= 0) {
                // discard whatever the server still sends before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // connection reset: closed as well
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next {@code n} octets, whatever they are. */
    public byte[] readOctets(int n) {
        return readExactly(n);
    }

    private byte[] readExactly(int n) {
        byte[] bytes = new byte[n];
        try {
            in.readFully(bytes);
            return bytes;
        } catch (EOFException e) {
            throw new AssertionError("connection closed by the server", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A RawSocket frame read from the server. */
    public record Frame(int type, byte[] payload) {
    }
}
