package io.bondy.transport.support;

import io.bondy.core.serialization.SerializerKind;

/** The two transports, for tests that run over both. */
public enum Transport {
    WEBSOCKET,
    RAWSOCKET;

    /** A connected client that has completed the transport handshake (but not yet HELLO). */
    public WampTestClient open(RunningServer server, SerializerKind kind) {
        return this == WEBSOCKET ? WebSocketClient.open(server.webSocketPort(), kind)
                : RawSocketClient.open(server.rawSocketPort(), kind);
    }
}
