package io.bondy.transport.rawsocket;

import io.bondy.transport.pipeline.ProtocolViolationEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream after the handshake into RawSocket frames. A WAMP frame's payload goes on
 * as a {@link ByteBuf}; a PING is answered at once with a PONG echoing its payload; a PONG is
 * ignored. Reserved bits, an unknown frame type or a length above the router's maximum fire a
 * {@link ProtocolViolationEvent} (ABORT and close) and everything read after it is discarded.
 *
 * <p>Threading: event loop only; one instance per connection.
 */
public final class RawSocketFrameDecoder extends ByteToMessageDecoder {

    private static final int HEADER = 4;

    private final int maxLength;
    private boolean failed;

    /** @param maxLength the largest payload accepted, as announced in the handshake reply */
    public RawSocketFrameDecoder(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < HEADER) {
            return;
        }
        int start = in.readerIndex();
        int first = in.getUnsignedByte(start);
        int type = first & 0x07;
        int length = ((first & 0x08) << 21) | in.getUnsignedMedium(start + 1);
        if ((first & 0xF0) != 0) {
            fail(ctx, in, "reserved bits set in RawSocket frame header 0x" + Integer.toHexString(first));
        } else if (type > RawSocketProtocol.FRAME_PONG) {
            fail(ctx, in, "unknown RawSocket frame type " + type);
        } else if (length > maxLength) {
            fail(ctx, in, "RawSocket frame of " + length + " bytes exceeds the maximum of " + maxLength);
        } else if (in.readableBytes() >= HEADER + length) {
            in.skipBytes(HEADER);
            if (type == RawSocketProtocol.FRAME_WAMP) {
                out.add(in.readRetainedSlice(length));
            } else if (type == RawSocketProtocol.FRAME_PING) {
                ByteBuf pong = Unpooled.wrappedBuffer(
                        Unpooled.wrappedBuffer(RawSocketProtocol.frameHeader(RawSocketProtocol.FRAME_PONG, length)),
                        in.readRetainedSlice(length));
                ctx.writeAndFlush(pong);
            } else {
                in.skipBytes(length);
            }
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.fireUserEventTriggered(new ProtocolViolationEvent(reason));
    }
}
