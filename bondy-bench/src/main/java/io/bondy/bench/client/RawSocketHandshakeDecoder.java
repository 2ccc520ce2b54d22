package io.bondy.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Client side of the RawSocket handshake: sends ours when the connection opens, checks the router's
 * four octets, then replaces itself by the frame decoder and signals {@link #DONE}. Bytes that
 * arrived after the handshake are handed on to the frame decoder.
 */
final class RawSocketHandshakeDecoder extends ByteToMessageDecoder {

    /** User event fired once the router accepted the handshake. */
    static final Object DONE = new Object() {
        @Override
        public String toString() {
            return "RawSocketHandshakeDone";
        }
    };

    private final int serializerId;
    private final Supplier<ByteToMessageDecoder> frameDecoder;

    RawSocketHandshakeDecoder(int serializerId, Supplier<ByteToMessageDecoder> frameDecoder) {
        this.serializerId = serializerId;
        this.frameDecoder = frameDecoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(RawSocketCodec.handshake(ctx.alloc(), serializerId));
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int magic = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        in.skipBytes(2);
        if (magic != RawSocketCodec.MAGIC) {
            throw new DecoderException("RawSocket handshake reply starts with 0x" + Integer.toHexString(magic));
        }
        if ((second & 0x0F) == 0) {
            throw new DecoderException("RawSocket handshake refused, error code " + (second >> 4));
        }
        if ((second & 0x0F) != serializerId) {
            throw new DecoderException("RawSocket handshake answered serializer " + (second & 0x0F)
                    + ", asked for " + serializerId);
        }
        ctx.pipeline().addAfter(ctx.name(), "raw-frames", frameDecoder.get());
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(DONE);
    }
}
