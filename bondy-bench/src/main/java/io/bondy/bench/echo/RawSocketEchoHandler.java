package io.bondy.bench.echo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Echoes every RawSocket frame (header included, unchanged); answers PING with PONG. Flushes once per
 * read batch, as {@link WebSocketEchoHandler} does.
 */
final class RawSocketEchoHandler extends ChannelInboundHandlerAdapter {

    private static final int TYPE_PING = 1;
    private static final int TYPE_PONG = 2;

    private boolean pending;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int type = frame.getUnsignedByte(frame.readerIndex()) & 0x07;
        if (type == TYPE_PING) {
            frame.setByte(frame.readerIndex(), TYPE_PONG);
        } else if (type == TYPE_PONG) {
            frame.release();
            return;
        }
        ctx.write(frame, ctx.voidPromise());
        pending = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pending) {
            pending = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
