package io.bondy.bench.echo;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;

/**
 * After the upgrade: on {@code /broadcast} joins the broadcast group and sends every message to the
 * other members; on any other path echoes every message to its sender (the frame object itself is
 * written back, no copy).
 */
final class WebSocketEchoHandler extends ChannelInboundHandlerAdapter {

    private final ChannelGroup broadcast;
    private boolean broadcasting;

    WebSocketEchoHandler(ChannelGroup broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete done && done.requestUri().startsWith("/broadcast")) {
            broadcasting = true;
            broadcast.add(ctx.channel());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (broadcasting) {
            Channel self = ctx.channel();
            broadcast.writeAndFlush(frame, ch -> ch != self); // the group releases the frame
        } else {
            ctx.writeAndFlush(frame, ctx.voidPromise());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
