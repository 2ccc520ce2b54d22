package io.bondy.core.serialization;

import java.util.Arrays;
import java.util.Optional;

/** The serializers Bondy speaks, with their WebSocket subprotocol and RawSocket serializer id. */
public enum SerializerKind {
    JSON("wamp.2.json", 1, false),
    MSGPACK("wamp.2.msgpack", 2, true),
    CBOR("wamp.2.cbor", 3, true);

    private final String subprotocol;
    private final int rawSocketId;
    private final boolean binary;

    SerializerKind(String subprotocol, int rawSocketId, boolean binary) {
        this.subprotocol = subprotocol;
        this.rawSocketId = rawSocketId;
        this.binary = binary;
    }

    /** The WebSocket subprotocol, e.g. {@code wamp.2.json}. */
    public String subprotocol() {
        return subprotocol;
    }

    /** The RawSocket handshake serializer id (1 JSON, 2 MessagePack, 3 CBOR). */
    public int rawSocketId() {
        return rawSocketId;
    }

    /** Whether WebSocket frames are binary (true) or text (false). */
    public boolean binary() {
        return binary;
    }

    public static Optional<SerializerKind> bySubprotocol(String subprotocol) {
        return Arrays.stream(values()).filter(k -> k.subprotocol.equals(subprotocol)).findFirst();
    }

    public static Optional<SerializerKind> byRawSocketId(int id) {
        return Arrays.stream(values()).filter(k -> k.rawSocketId == id).findFirst();
    }
}
