package io.bondy.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The WAMP RawSocket wire format, client side. Handshake: {@code 0x7F, LLLL SSSS, 0x00, 0x00} where
 * the client's maximum message length is {@code 2^(9+L)} and S the serializer id. Frames: one octet
 * (5 reserved bits, 3-bit type: 0 message, 1 PING, 2 PONG), a 24-bit length, the payload.
 */
final class RawSocketCodec {

    static final int MAGIC = 0x7F;
    static final int TYPE_MESSAGE = 0;
    static final int TYPE_PING = 1;
    static final int TYPE_PONG = 2;
    /** {@code L = 15}: we accept messages up to 16 MiB. */
    static final int MAX_LENGTH_EXPONENT = 0xF;
    static final int MAX_LENGTH = 1 << 24;

    private RawSocketCodec() {
    }

    static ByteBuf handshake(ByteBufAllocator alloc, int serializerId) {
        ByteBuf buf = alloc.buffer(4);
        buf.writeByte(MAGIC);
        buf.writeByte((MAX_LENGTH_EXPONENT << 4) | (serializerId & 0x0F));
        buf.writeByte(0);
        buf.writeByte(0);
        return buf;
    }

    static ByteBuf messageFrame(ByteBufAllocator alloc, byte[] payload) {
        return frame(alloc, TYPE_MESSAGE, payload, 0, payload.length);
    }

    static ByteBuf frame(ByteBufAllocator alloc, int type, byte[] payload, int offset, int length) {
        if (length >= MAX_LENGTH) {
            throw new IllegalArgumentException("RawSocket message of " + length + " bytes is too long");
        }
        ByteBuf buf = alloc.buffer(4 + length);
        buf.writeByte(type & 0x07);
        buf.writeMedium(length);
        buf.writeBytes(payload, offset, length);
        return buf;
    }
}
