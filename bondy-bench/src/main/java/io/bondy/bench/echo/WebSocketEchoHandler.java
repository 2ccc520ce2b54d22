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
 * other members; on {@code /relay/KEY} sends every message to the other connection of that key; on
 * any other path echoes every message to its sender (the frame object itself is written back, no copy).
 */
final class WebSocketEchoHandler extends ChannelInboundHandlerAdapter {

    static final String RELAY_PATH = "/relay/";

    private final ChannelGroup broadcast;
    private final RelayPairs relays;
    private boolean broadcasting;
    private String relayKey;

    WebSocketEchoHandler(ChannelGroup broadcast, RelayPairs relays) {
        this.broadcast = broadcast;
        this.relays = relays;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete done) {
            String uri = done.requestUri();
            if (uri.startsWith("/broadcast")) {
                broadcasting = true;
                broadcast.add(ctx.channel());
            } else if (uri.startsWith(RELAY_PATH) && uri.length() > RELAY_PATH.length()) {
                relayKey = uri.substring(RELAY_PATH.length());
                if (!relays.join(relayKey, ctx.channel())) {
                    ctx.close(); // a third connection for one key: not a pair
                    return;
                }
            }
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
        } else if (relayKey != null) {
            Channel partner = relays.partner(relayKey, ctx.channel());
            if (partner == null) {
                frame.release();
            } else {
                partner.writeAndFlush(frame, partner.voidPromise());
            }
        } else {
            ctx.writeAndFlush(frame, ctx.voidPromise());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
