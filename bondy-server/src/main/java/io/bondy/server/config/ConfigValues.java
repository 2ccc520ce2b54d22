package io.bondy.server.config;

import com.typesafe.config.Config;
import java.time.Duration;

/** Value checks shared by the section parsers; every error names the key and says what is expected. */
final class ConfigValues {

    private ConfigValues() {
    }

    /** A non-blank address or host name. */
    static String host(Config c, String key) {
        String host = c.getString(key);
        if (host.isBlank()) {
            throw new ConfigException(key + " must be an IP address or host name");
        }
        return host;
    }

    /** A port 0..65535 (0 picks a free port). */
    static int port(Config c, String key) {
        int port = c.getInt(key);
        if (port < 0 || port > 65535) {
            throw new ConfigException(key + " must be a port number 0..65535 (0 picks a free port), got " + port);
        }
        return port;
    }

    /** A listener's cap on open connections: 1 to 1,000,000. */
    static int maxConnections(Config c, String key) {
        int v = c.getInt(key);
        if (v < 1 || v > 1_000_000) {
            throw new ConfigException(key + " must be between 1 and 1000000, got " + v);
        }
        return v;
    }

    /** A duration above zero. */
    static Duration positive(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key + " must be a positive duration such as 10s, got " + d);
        }
        return d;
    }
}
