package io.bondy.server.config;

import com.typesafe.config.Config;
import io.bondy.transport.LongPollConfig;
import io.bondy.transport.WebSocketExtras;

/**
 * Parses the optional features of the WebSocket port into {@link WebSocketExtras}:
 * {@code wamp.websocket.batched.*} (the batched subprotocols) and {@code wamp.longpoll.*} (the HTTP long-poll
 * transport on the same port).
 */
final class WebSocketExtrasParser {

    private WebSocketExtrasParser() {
    }

    static WebSocketExtras parse(Config c) {
        int batched = c.getInt("wamp.websocket.batched.max_messages");
        if (batched < 1 || batched > 100_000) {
            throw new ConfigException("wamp.websocket.batched.max_messages must be 1 to 100000, got " + batched);
        }
        return new WebSocketExtras(batched, longPoll(c));
    }

    private static LongPollConfig longPoll(Config c) {
        String path = c.getString("wamp.longpoll.path");
        if (!path.startsWith("/") || path.endsWith("/") || path.length() < 2) {
            throw new ConfigException("wamp.longpoll.path must start with '/' and not end with one, got '" + path + "'");
        }
        long body = c.getBytes("wamp.longpoll.max_body_size");
        if (body < 64 || body > (256 << 20)) {
            throw new ConfigException("wamp.longpoll.max_body_size must be between 64 bytes and 256MiB, got " + body);
        }
        return new LongPollConfig(c.getBoolean("wamp.longpoll.enabled"), path,
                ConfigValues.positive(c, "wamp.longpoll.session_timeout"),
                ConfigValues.positive(c, "wamp.longpoll.receive_timeout"),
                ConfigValues.maxConnections(c, "wamp.longpoll.max_queued_messages"), (int) body,
                ConfigValues.maxConnections(c, "wamp.longpoll.max_transports"));
    }
}
