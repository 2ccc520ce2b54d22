package io.bondy.bench.client;

import io.bondy.core.serialization.SerializerKind;
import java.net.URI;
import java.util.Objects;

/**
 * Where and how one load-generator connection connects.
 *
 * @param transport  WebSocket or RawSocket
 * @param host       always a loopback address in the benchmarks
 * @param port       the listener's port
 * @param path       the WebSocket path (ignored for RawSocket)
 * @param serializer JSON, MessagePack or CBOR (the WebSocket subprotocol / RawSocket serializer id)
 * @param tls        over TLS ({@code wss://}, RawSocket over TLS), with the {@link Connector}'s trusted CA
 */
public record Endpoint(Transport transport, String host, int port, String path, SerializerKind serializer,
                       boolean tls) {

    public Endpoint {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(serializer, "serializer");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        path = path == null || path.isEmpty() ? "/" : path;
    }

    /** A plain-text endpoint. */
    public Endpoint(Transport transport, String host, int port, String path, SerializerKind serializer) {
        this(transport, host, port, path, serializer, false);
    }

    /** The same transport and serializer over TLS on {@code tlsPort}. */
    public Endpoint withTls(int tlsPort) {
        return new Endpoint(transport, host, tlsPort, path, serializer, true);
    }

    public static Endpoint webSocket(String host, int port, String path, SerializerKind serializer) {
        return new Endpoint(Transport.WEBSOCKET, host, port, path, serializer);
    }

    public static Endpoint rawSocket(String host, int port, SerializerKind serializer) {
        return new Endpoint(Transport.RAWSOCKET, host, port, null, serializer);
    }

    /** {@code ws://host:port/path} (or {@code wss://}), for the WebSocket handshake. */
    public URI webSocketUri() {
        return URI.create((tls ? "wss://" : "ws://") + host + ":" + port + path);
    }

    /** A short label such as {@code ws/json}, {@code wss/json} or {@code raw+tls/msgpack}. */
    public String label() {
        String name = !tls ? transport.shortName() : transport == Transport.WEBSOCKET ? "wss" : "raw+tls";
        return name + "/" + serializer.name().toLowerCase(java.util.Locale.ROOT);
    }
}
