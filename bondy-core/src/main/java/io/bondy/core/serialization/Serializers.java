package io.bondy.core.serialization;

/** The one shared instance of each serializer. */
public final class Serializers {

    private static final Serializer JSON = new JsonSerializer();
    private static final Serializer MSGPACK = new MsgPackSerializer();
    private static final Serializer CBOR = new CborSerializer();

    private Serializers() {
    }

    /**
     * Writes an array of plain values (String, Long, Double, Boolean, byte[], List, Map, null) as
     * MessagePack: the router's own compact form, e.g. for messages between cluster nodes.
     */
    public static byte[] pack(java.util.List<?> values) {
        return ((WireSerializer) MSGPACK).encodeWire(values);
    }

    /**
     * Reads what {@link #pack} wrote.
     *
     * @throws io.bondy.core.message.ProtocolViolationException for bytes that are not such an array
     */
    public static java.util.List<Object> unpack(byte[] bytes) {
        return ((WireSerializer) MSGPACK).decodeWire(bytes, 0, bytes.length);
    }

    public static Serializer of(SerializerKind kind) {
        return switch (kind) {
            case JSON -> JSON;
            case MSGPACK -> MSGPACK;
            case CBOR -> CBOR;
        };
    }
}
