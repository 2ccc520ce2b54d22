package io.bondy.core.serialization;

/** The one shared instance of each serializer. */
public final class Serializers {

    private static final Serializer JSON = new JsonSerializer();
    private static final Serializer MSGPACK = new MsgPackSerializer();
    private static final Serializer CBOR = new CborSerializer();

    private Serializers() {
    }

    public static Serializer of(SerializerKind kind) {
        return switch (kind) {
            case JSON -> JSON;
            case MSGPACK -> MSGPACK;
            case CBOR -> CBOR;
        };
    }
}
