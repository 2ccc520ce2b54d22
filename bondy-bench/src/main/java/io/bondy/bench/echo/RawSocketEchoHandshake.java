package io.bondy.bench.echo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.List;

/**
 * Server side of the RawSocket handshake for the echo server: accepts any serializer id, answers
 * with a 16 MiB maximum, then frames the stream by the 24-bit length of each frame header.
 */
final class RawSocketEchoHandshake extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int magic = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        in.skipBytes(2);
        if (magic != 0x7F) {
            ctx.close();
            return;
        }
        ByteBuf reply = ctx.alloc().buffer(4);
        reply.writeByte(0x7F).writeByte(0xF0 | (second & 0x0F)).writeByte(0).writeByte(0);
        ctx.writeAndFlush(reply);
        ctx.pipeline().addAfter(ctx.name(), "raw-frames",
                new LengthFieldBasedFrameDecoder(EchoServer.MAX_MESSAGE + 4, 1, 3, 0, 0));
        ctx.pipeline().remove(this);
    }
}
