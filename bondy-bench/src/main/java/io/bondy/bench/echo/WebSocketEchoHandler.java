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
 *
 * <p>Writes are flushed once per read batch ({@link #channelReadComplete}), Netty's usual way: the
 * frames that one socket read delivered leave in one system call per destination, as a router with
 * an outbox would send them. A baseline that flushed every frame would be beaten by such a router
 * on pipelined load and would not be the bound it is meant to be.
 */
final class WebSocketEchoHandler extends ChannelInboundHandlerAdapter {

    static final String RELAY_PATH = "/relay/";

    private final ChannelGroup broadcast;
    private final RelayPairs relays;
    private boolean broadcasting;
    private String relayKey;
    /** Where this read batch wrote: flushed in {@link #channelReadComplete}. */
    private Channel pendingFlush;
    private boolean broadcastPending;

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
            // a duplicate of the one buffer per member, written without a promise (a group write
            // would allocate a future per member and a group future per frame)
            Channel self = ctx.channel();
            for (Channel member : broadcast) {
                if (member != self) {
                    member.write(frame.retainedDuplicate(), member.voidPromise());
                }
            }
            frame.release();
            broadcastPending = true;
        } else if (relayKey != null) {
            Channel partner = relays.partner(relayKey, ctx.channel());
            if (partner == null) {
                frame.release();
            } else {
                if (pendingFlush != null && pendingFlush != partner) {
                    pendingFlush.flush(); // the pair changed within one batch
                }
                partner.write(frame, partner.voidPromise());
                pendingFlush = partner;
            }
        } else {
            ctx.write(frame, ctx.voidPromise());
            pendingFlush = ctx.channel();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (broadcastPending) {
            broadcastPending = false;
            Channel self = ctx.channel();
            for (Channel member : broadcast) {
                if (member != self) {
                    member.flush();
                }
            }
        }
        if (pendingFlush != null) {
            Channel target = pendingFlush;
            pendingFlush = null;
            target.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
