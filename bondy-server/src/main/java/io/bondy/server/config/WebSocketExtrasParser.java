package io.bondy.server.config;

import com.typesafe.config.Config;
import io.bondy.transport.WebSocketExtras;

/**
 * Parses the optional WebSocket features into {@link WebSocketExtras}: {@code wamp.websocket.compression.*}
 * (permessage-deflate) and {@code wamp.websocket.batched.*} (the batched subprotocols).
 */
final class WebSocketExtrasParser {

    private WebSocketExtrasParser() {
    }

    static WebSocketExtras parse(Config c) {
        boolean compression = c.getBoolean("wamp.websocket.compression.enabled");
        int level = c.getInt("wamp.websocket.compression.level");
        if (level < 1 || level > 9) {
            throw new ConfigException("wamp.websocket.compression.level must be 1 (fastest) to 9 (smallest), got "
                    + level);
        }
        int batched = c.getInt("wamp.websocket.batched.max_messages");
        if (batched < 1 || batched > 100_000) {
            throw new ConfigException("wamp.websocket.batched.max_messages must be 1 to 100000, got " + batched);
        }
        return new WebSocketExtras(compression, level, batched);
    }
}
