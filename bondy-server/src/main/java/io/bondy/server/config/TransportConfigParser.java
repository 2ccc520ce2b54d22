package io.bondy.server.config;

import static io.bondy.server.config.ConfigValues.host;
import static io.bondy.server.config.ConfigValues.maxConnections;
import static io.bondy.server.config.ConfigValues.port;
import static io.bondy.server.config.ConfigValues.positive;

import com.typesafe.config.Config;
import io.bondy.transport.RawSocketConfig;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.WebSocketConfig;

/**
 * Parses the listeners into {@link TransportConfig}. Owns {@code api_gateway.http.*} (the WebSocket
 * listener), {@code wamp.websocket.*}, {@code wamp.tcp.*} (RawSocket), {@code wamp.io_threads},
 * {@code wamp.native_transport}, {@code wamp.outbound.*}, and with {@link TlsConfigParser} the TLS
 * listeners {@code api_gateway.https.*} and {@code wamp.tls.*}, {@code tls.provider} and {@code tls.reload_interval}.
 */
final class TransportConfigParser {

    private TransportConfigParser() {
    }

    static TransportConfig parse(Config c) {
        WebSocketConfig ws = new WebSocketConfig(
                c.getBoolean("api_gateway.http.enabled"),
                host(c, "api_gateway.http.ip"),
                port(c, "api_gateway.http.port"),
                path(c, "wamp.websocket.path"),
                (int) bytes(c, "wamp.websocket.max_frame_size", 512, Integer.MAX_VALUE),
                positive(c, "wamp.websocket.handshake_timeout"),
                positive(c, "wamp.websocket.idle_timeout"),
                positive(c, "api_gateway.http.request_timeout"),
                maxConnections(c, "api_gateway.http.max_connections"),
                c.getBoolean("wamp.websocket.compression_enabled"));
        RawSocketConfig raw = new RawSocketConfig(
                c.getBoolean("wamp.tcp.enabled"),
                host(c, "wamp.tcp.ip"),
                port(c, "wamp.tcp.port"),
                rawSocketLength(c, "wamp.tcp.max_message_length"),
                positive(c, "wamp.tcp.handshake_timeout"),
                positive(c, "wamp.tcp.idle_timeout"),
                maxConnections(c, "wamp.tcp.max_connections"));
        int ioThreads = c.getInt("wamp.io_threads");
        if (ioThreads < 0) {
            throw new ConfigException("wamp.io_threads must be 0 (one per two cores) or positive, got " + ioThreads);
        }
        return new TransportConfig(ws, raw, ioThreads, c.getBoolean("wamp.native_transport"),
                (int) bytes(c, "wamp.outbound.high_watermark", 1024, Integer.MAX_VALUE),
                bytes(c, "wamp.outbound.max_queue_size", 1024, Long.MAX_VALUE),
                TlsConfigParser.listener(c, "api_gateway.https"), TlsConfigParser.listener(c, "wamp.tls"),
                TlsConfigParser.provider(c), TlsConfigParser.reloadInterval(c));
    }

    private static String path(Config c, String key) {
        String path = c.getString(key);
        if (!path.startsWith("/")) {
            throw new ConfigException(key + " must start with '/', got '" + path + "'");
        }
        return path;
    }

    private static long bytes(Config c, String key, long min, long max) {
        long value = c.getBytes(key);
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + " bytes, got " + value);
        }
        return value;
    }

    private static int rawSocketLength(Config c, String key) {
        long value = c.getBytes(key);
        if (value < 512 || value > (16 << 20) || Long.bitCount(value) != 1) {
            throw new ConfigException(key + " must be a power of two between 512 bytes and 16MiB"
                    + " (the RawSocket handshake can only express those), got " + value);
        }
        return (int) value;
    }
}
