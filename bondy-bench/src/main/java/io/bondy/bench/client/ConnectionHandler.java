package io.bondy.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * The last handler of a load-generator connection: completes the connect future when the transport
 * handshake is done, then copies each WAMP message out of its frame and hands it to the listener.
 * Answers RawSocket PINGs (WebSocket pings are answered by Netty's protocol handler).
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private final Endpoint endpoint;
    private final FrameListener listener;
    private final CompletableFuture<BenchConnection> ready;
    private BenchConnection connection;

    ConnectionHandler(Endpoint endpoint, FrameListener listener, CompletableFuture<BenchConnection> ready) {
        this.endpoint = endpoint;
        this.listener = listener;
        this.ready = ready;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE || evt == RawSocketHandshakeDecoder.DONE) {
            if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                String chosen = ctx.pipeline().get(WebSocketClientProtocolHandler.class).handshaker()
                        .actualSubprotocol();
                if (!endpoint.serializer().subprotocol().equals(chosen)) {
                    fail(ctx, new IllegalStateException("server chose subprotocol '" + chosen + "', asked for "
                            + endpoint.serializer().subprotocol()));
                    return;
                }
            }
            connection = new BenchConnection(ctx.channel(), endpoint);
            ready.complete(connection);
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(ctx, new IllegalStateException("WebSocket handshake timed out"));
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (connection == null) {
                return; // nothing may arrive before the handshake completes
            }
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                listener.onFrame(connection, ByteBufUtil.getBytes(((WebSocketFrame) msg).content()));
            } else if (msg instanceof ByteBuf frame) {
                rawFrame(ctx, frame);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void rawFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        int type = frame.readUnsignedByte() & 0x07;
        int length = frame.readUnsignedMedium();
        byte[] payload = ByteBufUtil.getBytes(frame, frame.readerIndex(), length);
        if (type == RawSocketCodec.TYPE_MESSAGE) {
            listener.onFrame(connection, payload);
        } else if (type == RawSocketCodec.TYPE_PING) {
            ctx.writeAndFlush(RawSocketCodec.frame(ctx.alloc(), RawSocketCodec.TYPE_PONG, payload, 0, length));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ready.completeExceptionally(new IllegalStateException("connection closed during the handshake"));
        if (connection != null) {
            listener.onClose(connection);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        ctx.close();
    }
}
