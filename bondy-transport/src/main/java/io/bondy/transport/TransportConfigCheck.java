package io.bondy.transport;

import io.bondy.transport.rawsocket.RawSocketProtocol;
import java.time.Duration;
import java.util.Objects;

/** Checks a {@link TransportConfig} at start and names the bad field in the error. */
final class TransportConfigCheck {

    private TransportConfigCheck() {
    }

    static void check(TransportConfig config) {
        Objects.requireNonNull(config, "transport config");
        require(config.ioThreads() >= 0, "ioThreads must be >= 0, got " + config.ioThreads());
        require(config.outboundHighWaterMark() > 0, "outboundHighWaterMark must be > 0");
        require(config.maxOutboundBytes() > 0, "maxOutboundBytes must be > 0");
        WebSocketConfig ws = config.websocket();
        if (ws != null && ws.enabled()) {
            listener("websocket", ws.host(), ws.port(), ws.handshakeTimeout(), ws.idleTimeout());
            require(ws.path() != null && ws.path().startsWith("/"), "websocket.path must start with '/', got "
                    + ws.path());
            require(ws.maxFrameSize() > 0, "websocket.maxFrameSize must be > 0, got " + ws.maxFrameSize());
            require(positive(ws.httpRequestTimeout()), "websocket.httpRequestTimeout must be positive, got "
                    + ws.httpRequestTimeout());
            require(ws.maxConnections() > 0, "websocket.maxConnections must be > 0, got " + ws.maxConnections());
        }
        tls("websocketTls", config.websocketTls(), ws != null);
        tls("rawsocketTls", config.rawsocketTls(), config.rawsocket() != null);
        RawSocketConfig raw = config.rawsocket();
        if (raw != null && raw.enabled()) {
            listener("rawsocket", raw.host(), raw.port(), raw.handshakeTimeout(), raw.idleTimeout());
            require(raw.maxConnections() > 0, "rawsocket.maxConnections must be > 0, got " + raw.maxConnections());
            try {
                RawSocketProtocol.lengthField(raw.maxMessageLength());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rawsocket.maxMessageLength: " + e.getMessage(), e);
            }
        }
    }

    private static void tls(String name, io.bondy.transport.tls.TlsListener tls, boolean base) {
        if (tls.enabled()) {
            require(base, name + " needs the plain listener's settings (paths, sizes, timeouts)");
            require(tls.host() != null && !tls.host().isBlank(), name + ".host must be set");
            require(tls.port() >= 0 && tls.port() <= 65535, name + ".port must be in 0..65535, got " + tls.port());
            require(tls.maxConnections() > 0, name + ".maxConnections must be > 0, got " + tls.maxConnections());
        }
    }

    private static void listener(String name, String host, int port, Duration handshake, Duration idle) {
        require(host != null && !host.isBlank(), name + ".host must be set");
        require(port >= 0 && port <= 65535, name + ".port must be in 0..65535, got " + port);
        require(positive(handshake), name + ".handshakeTimeout must be positive, got " + handshake);
        require(positive(idle), name + ".idleTimeout must be positive, got " + idle);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid transport configuration: " + message);
        }
    }
}
