package io.bondy.server.config;

import static io.bondy.server.config.ConfigValues.positive;

import com.typesafe.config.Config;
import io.bondy.gateway.api.GatewaySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the HTTP API gateway into {@link GatewaySettings}. Owns {@code api_gateway.config_file},
 * {@code api_gateway.http.max_body_size}, {@code api_gateway.http.keepalive_timeout},
 * {@code api_gateway.http.max_pipelined_requests}, {@code api_gateway.max_action_timeout},
 * {@code api_gateway.forward.max_response_size}, {@code api_gateway.forward.threads},
 * {@code api_gateway.auth.threads}, {@code api_gateway.auth.max_queued_requests} and
 * {@code api_gateway.cors.allowed_origins}.
 */
final class GatewayConfigParser {

    private GatewayConfigParser() {
    }

    static GatewaySettings parse(Config c, String webSocketPath) {
        long body = bytes(c, "api_gateway.http.max_body_size", 1024, 256L * 1024 * 1024);
        Duration keepAlive = positive(c, "api_gateway.http.keepalive_timeout");
        int pipelined = range(c, "api_gateway.http.max_pipelined_requests", 0, 1024);
        Duration maxTimeout = positive(c, "api_gateway.max_action_timeout");
        long forwardMax = bytes(c, "api_gateway.forward.max_response_size", 1024, 1024L * 1024 * 1024);
        int forwardThreads = range(c, "api_gateway.forward.threads", 1, 64);
        int authThreads = range(c, "api_gateway.auth.threads", 1, 64);
        int authQueue = range(c, "api_gateway.auth.max_queued_requests", 1, 100_000);
        List<String> origins = new ArrayList<>();
        for (String o : c.getString("api_gateway.cors.allowed_origins").split(",")) {
            String t = o.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.equals("*") && !t.startsWith("http://") && !t.startsWith("https://")) {
                throw new ConfigException("api_gateway.cors.allowed_origins: expected '*' or origins such as"
                        + " https://app.example.com, got '" + t + "'");
            }
            origins.add(t);
        }
        String file = c.getString("api_gateway.config_file");
        Path configFile = null;
        if (!file.isBlank()) {
            configFile = Path.of(file);
            if (!Files.isReadable(configFile)) {
                throw new ConfigException("api_gateway.config_file " + file + " does not exist or cannot be read");
            }
        }
        return new GatewaySettings(body, forwardMax, maxTimeout, keepAlive, authThreads, authQueue, forwardThreads,
                pipelined, List.copyOf(origins), Set.of(webSocketPath, "/oauth/token", "/oauth/revoke"), configFile);
    }

    private static long bytes(Config c, String key, long min, long max) {
        long v = c.getBytes(key);
        if (v < min || v > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + " bytes, got " + v);
        }
        return v;
    }

    private static int range(Config c, String key, int min, int max) {
        int v = c.getInt(key);
        if (v < min || v > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
