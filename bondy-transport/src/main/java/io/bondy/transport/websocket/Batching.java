package io.bondy.transport.websocket;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.pipeline.ProtocolViolationEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The batched subprotocols ({@code wamp.2.json.batched}, {@code wamp.2.msgpack.batched}): several WAMP
 * messages in one WebSocket message. JSON messages each end with the record separator {@code 0x1e};
 * MessagePack messages each start with their length as a 4-octet big-endian unsigned integer.
 *
 * <p>Inbound, a WebSocket message (already bounded by {@code wamp.websocket.max_frame_size}) is split into
 * its WAMP messages, each passed on alone; an empty batch, an empty message, a truncated length prefix or
 * more than {@code maxMessages} messages is a protocol violation (ABORT and close). A last JSON message
 * without its separator is taken as a message rather than dropped.
 *
 * <p>Outbound, the messages a connection's outbox writes between two flushes ({@link Part}s, made by
 * {@link BatchedFraming}) leave as one WebSocket message, up to {@code maxMessages} messages and
 * {@code maxBytes} bytes each (a single longer message goes alone). Each part's write completes when its
 * batch is written.
 *
 * <p>Threading: event loop only; one instance per connection.
 */
public final class Batching extends ChannelDuplexHandler {

    static final byte RECORD_SEPARATOR = 0x1e;
    /**
     * What autobahn-python (and so Crossbar) writes between JSON messages: its {@code b'\\30'} is octal, 0x18,
     * where the spec means decimal 30. Neither byte can occur in JSON text (control characters are escaped
     * inside strings), so both are read as separators; a client that uses this one gets it back.
     */
    static final byte AUTOBAHN_SEPARATOR = 0x18;

    /** One serialized message waiting to be batched. */
    record Part(byte[] message) {
    }

    private final boolean json;
    private final int maxMessages;
    private final int maxBytes;
    private final List<byte[]> pending = new ArrayList<>();
    private final List<ChannelPromise> promises = new ArrayList<>();
    private int pendingBytes;
    /** The JSON separator written to this client: the spec's, unless the client's first batch used 0x18. */
    private byte separator = RECORD_SEPARATOR;
    private boolean separatorChosen;

    Batching(SerializerKind kind, int maxMessages, int maxBytes) {
        this.json = kind == SerializerKind.JSON;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf batch)) {
            ctx.fireChannelRead(msg);
            return;
        }
        List<ByteBuf> messages;
        try {
            if (json && !separatorChosen) {
                separatorChosen = true;
                if (batch.indexOf(batch.readerIndex(), batch.writerIndex(), RECORD_SEPARATOR) < 0
                        && batch.indexOf(batch.readerIndex(), batch.writerIndex(), AUTOBAHN_SEPARATOR) >= 0) {
                    separator = AUTOBAHN_SEPARATOR;
                }
            }
            messages = split(batch, json, maxMessages);
        } catch (IllegalArgumentException e) {
            ctx.fireUserEventTriggered(new ProtocolViolationEvent("bad batch: " + e.getMessage()));
            return;
        } finally {
            batch.release();
        }
        for (ByteBuf message : messages) {
            ctx.fireChannelRead(message);
        }
    }

    /**
     * The messages of one batch, each a retained slice of {@code batch} (the caller still releases the batch).
     *
     * @throws IllegalArgumentException if the batch is malformed or holds more than {@code maxMessages}
     */
    public static List<ByteBuf> split(ByteBuf batch, boolean json, int maxMessages) {
        List<ByteBuf> messages = new ArrayList<>();
        try {
            int at = batch.readerIndex();
            int end = batch.writerIndex();
            if (at == end) {
                throw new IllegalArgumentException("a batch of no message");
            }
            while (at < end) {
                int start;
                int length;
                if (json) {
                    int separator = batch.forEachByte(at, end - at,
                            b -> b != RECORD_SEPARATOR && b != AUTOBAHN_SEPARATOR);
                    start = at;
                    length = (separator < 0 ? end : separator) - at;
                    at = separator < 0 ? end : separator + 1;
                } else {
                    if (end - at < 4) {
                        throw new IllegalArgumentException("a length prefix of " + (end - at) + " octets");
                    }
                    long announced = batch.getUnsignedInt(at);
                    if (announced > end - at - 4) {
                        throw new IllegalArgumentException("message " + (messages.size() + 1) + " announces "
                                + announced + " bytes, " + (end - at - 4) + " are left");
                    }
                    start = at + 4;
                    length = (int) announced;
                    at = start + length;
                }
                if (length == 0) {
                    throw new IllegalArgumentException("message " + (messages.size() + 1) + " is empty");
                }
                if (messages.size() == maxMessages) {
                    throw new IllegalArgumentException("more than " + maxMessages + " messages"
                            + " (wamp.websocket.batched.max_messages)");
                }
                messages.add(batch.retainedSlice(start, length));
            }
            return messages;
        } catch (RuntimeException e) {
            messages.forEach(ByteBuf::release);
            throw e;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Part part)) {
            emit(ctx);
            ctx.write(msg, promise);
            return;
        }
        int size = part.message().length + (json ? 1 : 4);
        if (!pending.isEmpty() && (pending.size() == maxMessages || pendingBytes + size > maxBytes)) {
            emit(ctx);
        }
        pending.add(part.message());
        promises.add(promise);
        pendingBytes += size;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        emit(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        emit(ctx);
        ctx.flush();
        ctx.close(promise);
    }

    /** Writes what is pending as one WebSocket message. */
    private void emit(ChannelHandlerContext ctx) {
        if (pending.isEmpty()) {
            return;
        }
        ByteBuf bytes = Unpooled.wrappedBuffer(join(pending, json, separator));
        List<ChannelPromise> parts = List.copyOf(promises);
        pending.clear();
        promises.clear();
        pendingBytes = 0;
        WebSocketFrame frame = json ? new TextWebSocketFrame(bytes) : new BinaryWebSocketFrame(bytes);
        ctx.write(frame).addListener(f -> {
            for (ChannelPromise p : parts) {
                if (f.isSuccess()) {
                    p.trySuccess();
                } else {
                    p.tryFailure(f.cause());
                }
            }
        });
    }

    /** One batch of {@code messages} in the subprotocol's framing. */
    public static byte[] join(List<byte[]> messages, boolean json) {
        return join(messages, json, RECORD_SEPARATOR);
    }

    /** One batch of {@code messages}, JSON ones each followed by {@code separator}. */
    static byte[] join(List<byte[]> messages, boolean json, byte separator) {
        int size = 0;
        for (byte[] m : messages) {
            size += m.length + (json ? 1 : 4);
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] m : messages) {
            if (!json) {
                out[at++] = (byte) (m.length >>> 24);
                out[at++] = (byte) (m.length >>> 16);
                out[at++] = (byte) (m.length >>> 8);
                out[at++] = (byte) m.length;
            }
            System.arraycopy(m, 0, out, at, m.length);
            at += m.length;
            if (json) {
                out[at++] = separator;
            }
        }
        return out;
    }
}
