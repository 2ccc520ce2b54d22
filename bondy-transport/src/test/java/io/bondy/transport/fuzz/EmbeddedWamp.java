package io.bondy.transport.fuzz;

import io.bondy.core.message.WampMessage;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.RawSocketConfig;
import io.bondy.transport.WebSocketConfig;
import io.bondy.transport.pipeline.ChannelHandlerNames;
import io.bondy.transport.pipeline.SessionHandlerFactory;
import io.bondy.transport.rawsocket.RawSocketChannelInitializer;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.Transport;
import io.bondy.transport.support.WsFrames;
import io.bondy.transport.websocket.WebSocketChannelInitializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to the real WebSocket or RawSocket pipeline ({@link WebSocketChannelInitializer},
 * {@link RawSocketChannelInitializer}, as the server installs them) on an {@link EmbeddedChannel}: the
 * test thread plays the event loop, so a case runs in microseconds and the clock is virtual.
 *
 * <p>It completes the transport handshake, frames what it is given as a client would (masked WebSocket
 * frames, RawSocket length prefixes), and parses what the server writes back into {@link Received}
 * items: WAMP messages (decoded with the router's serializer), WebSocket close frames, pongs. A probe
 * handler just before the last one ({@code exceptions}) records every exception that reaches the end
 * of the pipeline.
 */
final class EmbeddedWamp implements AutoCloseable {

    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** What the server sent. */
    sealed interface Received permits Message, Close, Pong, Undecodable { }

    record Message(WampMessage message) implements Received { }

    record Close(int code) implements Received { }

    record Pong(byte[] payload) implements Received { }

    /** Bytes of the server that are no WAMP message of the session's serializer: never expected. */
    record Undecodable(String what) implements Received { }

    private final EmbeddedChannel channel;
    private final Transport transport;
    private final SerializerKind kind;
    private final List<Throwable> caught = new ArrayList<>();
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
    private int parsed;
    private boolean handshakeDone;
    private boolean closeFrameSeen;

    private EmbeddedWamp(Router router, Transport transport, SerializerKind kind) {
        this.transport = transport;
        this.kind = kind;
        SessionHandlerFactory sessions = new SessionHandlerFactory(router, RouterMetrics.NOOP, 4L * 1024 * 1024);
        DefaultChannelGroup group = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
        channel = new EmbeddedChannel(transport == Transport.WEBSOCKET
                ? new WebSocketChannelInitializer(new WebSocketConfig(true, "127.0.0.1", 0, TestConfigs.PATH,
                        TestConfigs.MAX_MESSAGE, HANDSHAKE_TIMEOUT, IDLE_TIMEOUT), sessions, group)
                : new RawSocketChannelInitializer(new RawSocketConfig(true, "127.0.0.1", 0, TestConfigs.MAX_MESSAGE,
                        HANDSHAKE_TIMEOUT, IDLE_TIMEOUT), sessions, group));
        channel.freezeTime();
        channel.pipeline().addBefore(ChannelHandlerNames.EXCEPTIONS, "fuzz-probe", new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                caught.add(cause);
                ctx.fireExceptionCaught(cause);
            }
        });
    }

    /** A connection that has completed the transport handshake for {@code kind} (no HELLO yet). */
    static EmbeddedWamp connect(Router router, Transport transport, SerializerKind kind) {
        EmbeddedWamp c = new EmbeddedWamp(router, transport, kind);
        if (transport == Transport.WEBSOCKET) {
            c.sendBytes(RawHttp.upgrade(TestConfigs.PATH, "Sec-WebSocket-Protocol: " + kind.subprotocol() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } else {
            c.sendBytes(new byte[] {0x7F, (byte) (0xF0 | kind.rawSocketId()), 0, 0});
        }
        c.pump();
        if (!c.handshakeDone) {
            throw new AssertionError(transport + " handshake not answered");
        }
        return c;
    }

    Transport transport() {
        return transport;
    }

    SerializerKind kind() {
        return kind;
    }

    void send(WampMessage message) {
        sendMessage(Serializers.of(kind).encode(message));
    }

    /** {@code bytes}, whatever they are, as one WAMP message framed as this transport and serializer frame it. */
    void sendMessage(byte[] bytes) {
        if (transport == Transport.WEBSOCKET) {
            sendBytes(WsFrames.client(kind.binary() ? WsFrames.BINARY : WsFrames.TEXT, bytes));
        } else {
            byte[] frame = new byte[4 + bytes.length];
            frame[1] = (byte) (bytes.length >>> 16);
            frame[2] = (byte) (bytes.length >>> 8);
            frame[3] = (byte) bytes.length;
            System.arraycopy(bytes, 0, frame, 4, bytes.length);
            sendBytes(frame);
        }
    }

    /** Raw bytes on the connection, as they are. */
    void sendBytes(byte[] bytes) {
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            releaseInbound();
        }
    }

    /** Runs the loop's pending tasks and returns what the server wrote since the last call. */
    List<Received> pump() {
        for (int round = 0; round < 16; round++) {
            channel.runPendingTasks();
            boolean any = false;
            Object out;
            while ((out = channel.readOutbound()) != null) {
                any = true;
                try {
                    if (out instanceof ByteBuf buf) {
                        fromServer.writeBytes(ByteBufUtil.getBytes(buf));
                    } else {
                        throw new AssertionError("unexpected outbound " + out.getClass().getName());
                    }
                } finally {
                    ReferenceCountUtil.release(out);
                }
            }
            if (!any) {
                break;
            }
        }
        return parse();
    }

    /** Moves the virtual clock on and runs what became due (idle and handshake timers). */
    List<Received> advance(Duration time) {
        channel.advanceTimeBy(time.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        return pump();
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    boolean closeFrameSeen() {
        return closeFrameSeen;
    }

    /**
     * Exceptions that reached the end of the pipeline other than the peer's own doing, as the last
     * handler classifies them: a codec's verdict on bad input (a corrupt or too long frame, a decoder
     * exception of its own), a connection closed in the middle of a message
     * ({@link PrematureChannelClosureException}: a fragmented message cut off), an I/O error.
     */
    List<Throwable> escaped() {
        List<Throwable> escaped = new ArrayList<>();
        for (Throwable t : caught) {
            if (!peersDoing(t)) {
                escaped.add(t);
            }
        }
        try {
            channel.checkException();
        } catch (Throwable t) {
            escaped.add(t);
        }
        return escaped;
    }

    private static boolean peersDoing(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CorruptedFrameException || cause instanceof TooLongFrameException
                    || cause instanceof PrematureChannelClosureException || cause instanceof IOException
                    || cause instanceof DecoderException && cause.getCause() == null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        channel.close();
        pump();
        channel.finishAndReleaseAll();
    }

    private void releaseInbound() {
        Object in;
        while ((in = channel.readInbound()) != null) {
            ReferenceCountUtil.release(in);
        }
    }

    private List<Received> parse() {
        byte[] all = fromServer.toByteArray();
        ByteBuffer in = ByteBuffer.wrap(all, parsed, all.length - parsed);
        List<Received> received = new ArrayList<>();
        if (!handshakeDone) {
            if (!parseHandshake(in)) {
                return received;
            }
        }
        while (in.hasRemaining()) {
            int before = in.position();
            Received r = transport == Transport.WEBSOCKET ? parseWebSocket(in) : parseRawSocket(in);
            if (r == null) {
                in.position(before);
                break;
            }
            received.add(r);
        }
        parsed = in.position();
        return received;
    }

    private boolean parseHandshake(ByteBuffer in) {
        if (transport == Transport.RAWSOCKET) {
            if (in.remaining() < 4) {
                return false;
            }
            byte[] reply = new byte[4];
            in.get(reply);
            if (reply[0] != 0x7F || (reply[1] & 0x0F) != kind.rawSocketId()) {
                throw new AssertionError("RawSocket handshake refused: " + ByteBufUtil.hexDump(reply));
            }
        } else {
            String text = new String(in.array(), in.position(), in.remaining(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            if (!text.startsWith("HTTP/1.1 101")) {
                throw new AssertionError("upgrade refused: " + text.substring(0, end));
            }
            in.position(in.position() + end + 4);
        }
        handshakeDone = true;
        return true;
    }

    private Received parseWebSocket(ByteBuffer in) {
        WsFrames.Frame frame = WsFrames.read(in);
        if (frame == null) {
            return null;
        }
        return switch (frame.opcode()) {
            case WsFrames.TEXT, WsFrames.BINARY -> {
                if ((frame.opcode() == WsFrames.BINARY) != kind.binary()) {
                    yield new Undecodable("a frame of opcode " + frame.opcode() + " for " + kind);
                }
                yield decode(frame.payload());
            }
            case WsFrames.CLOSE -> {
                closeFrameSeen = true;
                yield new Close(frame.closeCode());
            }
            case WsFrames.PONG -> new Pong(frame.payload());
            default -> new Undecodable(frame.toString());
        };
    }

    private Received parseRawSocket(ByteBuffer in) {
        if (in.remaining() < 4) {
            return null;
        }
        int first = in.get(in.position()) & 0xFF;
        int length = ((first & 0x08) << 21) | ((in.get(in.position() + 1) & 0xFF) << 16)
                | ((in.get(in.position() + 2) & 0xFF) << 8) | (in.get(in.position() + 3) & 0xFF);
        if (in.remaining() < 4 + length) {
            return null;
        }
        in.position(in.position() + 4);
        byte[] payload = new byte[length];
        in.get(payload);
        return switch (first & 0x07) {
            case 0 -> decode(payload);
            case 2 -> new Pong(payload);
            default -> new Undecodable("RawSocket frame type " + (first & 0x07));
        };
    }

    private Received decode(byte[] payload) {
        try {
            return new Message(Serializers.of(kind).decode(payload));
        } catch (RuntimeException e) {
            return new Undecodable("the server wrote an undecodable " + kind + " message: " + e.getMessage());
        }
    }
}
