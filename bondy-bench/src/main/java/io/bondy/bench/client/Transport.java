package io.bondy.bench.client;

/** The two WAMP transports the load generator speaks. */
public enum Transport {
    /** WAMP over WebSocket: text frames for JSON, binary frames for MessagePack/CBOR. */
    WEBSOCKET("ws"),
    /** WAMP RawSocket over TCP: 4-octet handshake, then 4-octet framed messages. */
    RAWSOCKET("raw");

    private final String shortName;

    Transport(String shortName) {
        this.shortName = shortName;
    }

    public String shortName() {
        return shortName;
    }
}
