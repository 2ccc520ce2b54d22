package io.bondy.transport.rawsocket;

import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.pipeline.ChannelHandlerNames;
import io.bondy.transport.pipeline.SessionHandlerFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the client's 4-octet handshake and answers it. A first octet other than 0x7F is not
 * RawSocket: the connection is closed at once, without a reply. Non-zero reserved octets get error
 * 3, a serializer other than 1 (JSON), 2 (MessagePack) or 3 (CBOR) gets error 1; both then close.
 * On success the reply echoes the serializer with the router's own LENGTH, this handler replaces
 * itself with the {@link RawSocketFrameDecoder} and the session handler, and bytes that followed
 * the handshake are passed on to them.
 *
 * <p>Threading: event loop only; one instance per connection.
 */
public final class RawSocketHandshakeHandler extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RawSocketHandshakeHandler.class);

    private final int maxMessageLength;
    private final SessionHandlerFactory sessions;
    private boolean refused;

    /**
     * @param maxMessageLength the largest message the router accepts, announced in the reply:
     *                         a power of two between 512 and 16 MiB
     */
    public RawSocketHandshakeHandler(int maxMessageLength, SessionHandlerFactory sessions) {
        RawSocketProtocol.lengthField(maxMessageLength);
        this.maxMessageLength = maxMessageLength;
        this.sessions = sessions;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) != RawSocketProtocol.MAGIC) {
            LOG.info("Closing {}: not a RawSocket handshake (first octet 0x{})", ctx.channel().remoteAddress(),
                    Integer.toHexString(in.getUnsignedByte(in.readerIndex())));
            refused = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        in.skipBytes(1);
        int second = in.readUnsignedByte();
        int reserved = in.readUnsignedShort();
        Optional<SerializerKind> kind = SerializerKind.byRawSocketId(second & 0x0F);
        if (reserved != 0) {
            refuse(ctx, in, RawSocketProtocol.ERROR_RESERVED_BITS, "reserved octets are 0x" + Integer.toHexString(reserved));
        } else if (kind.isEmpty()) {
            refuse(ctx, in, RawSocketProtocol.ERROR_SERIALIZER_UNSUPPORTED, "serializer " + (second & 0x0F));
        } else {
            accept(ctx, kind.get(), RawSocketProtocol.maxLength(second >>> 4));
        }
    }

    private void accept(ChannelHandlerContext ctx, SerializerKind kind, int clientMaxLength) {
        int lengthField = RawSocketProtocol.lengthField(maxMessageLength);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(RawSocketProtocol.successReply(lengthField, kind.rawSocketId())));
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), ChannelHandlerNames.RAWSOCKET_FRAMES, new RawSocketFrameDecoder(maxMessageLength));
        pipeline.addAfter(ChannelHandlerNames.RAWSOCKET_FRAMES, ChannelHandlerNames.WAMP_SESSION,
                sessions.create(ctx.channel(), "rawsocket", kind, new RawSocketFraming(clientMaxLength)));
        pipeline.remove(this);
        LOG.debug("RawSocket handshake with {}: {}, client accepts {} bytes", ctx.channel().remoteAddress(), kind,
                clientMaxLength);
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, int errorCode, String why) {
        LOG.info("Refusing RawSocket handshake from {} with error {}: {}", ctx.channel().remoteAddress(), errorCode,
                why);
        refused = true;
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(RawSocketProtocol.errorReply(errorCode)))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
