package io.bondy.server.config;

import static io.bondy.server.config.ConfigValues.host;
import static io.bondy.server.config.ConfigValues.maxConnections;
import static io.bondy.server.config.ConfigValues.port;

import com.typesafe.config.Config;
import io.bondy.transport.tls.TlsConfig;
import io.bondy.transport.tls.TlsListener;
import io.bondy.transport.tls.TlsProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parses the TLS listeners' keys, the same under each prefix ({@code api_gateway.https},
 * {@code wamp.tls}, {@code admin_api.https}): {@code enabled}, {@code ip}, {@code port},
 * {@code max_connections}, {@code certfile}, {@code keyfile}, {@code cacertfile}, {@code versions},
 * {@code ciphers}, {@code client_auth}; and the global {@code tls.provider} and
 * {@code tls.reload_interval}. The files themselves are checked when the listener is created.
 */
final class TlsConfigParser {

    private TlsConfigParser() {
    }

    /** The listener under {@code prefix}; disabled unless {@code <prefix>.enabled}. */
    static TlsListener listener(Config c, String prefix) {
        boolean enabled = c.getBoolean(prefix + ".enabled");
        String host = host(c, prefix + ".ip");
        int port = port(c, prefix + ".port");
        int max = maxConnections(c, prefix + ".max_connections");
        if (!enabled) {
            return new TlsListener(false, host, port, max, null);
        }
        Path cert = file(c, prefix + ".certfile", prefix);
        Path key = file(c, prefix + ".keyfile", prefix);
        String ca = c.getString(prefix + ".cacertfile").trim();
        TlsConfig.ClientAuth auth = clientAuth(c, prefix + ".client_auth");
        try {
            return new TlsListener(true, host, port, max, new TlsConfig(prefix, cert, key,
                    ca.isEmpty() ? null : Path.of(ca), list(c, prefix + ".versions"), list(c, prefix + ".ciphers"),
                    auth));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    static TlsProviders.Choice provider(Config c) {
        try {
            return TlsProviders.Choice.parse(c.getString("tls.provider"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** {@code tls.reload_interval}: 0 turns polling off ({@code bondy.tls.reload} still works). */
    static Duration reloadInterval(Config c) {
        Duration d = c.getDuration("tls.reload_interval");
        if (d.isNegative() || (!d.isZero() && d.toMillis() < 100)) {
            throw new ConfigException("tls.reload_interval must be 0 (off) or at least 100ms, got " + d);
        }
        return d;
    }

    private static Path file(Config c, String key, String prefix) {
        String value = c.getString(key).trim();
        if (value.isEmpty()) {
            throw new ConfigException(key + " must name a PEM file when " + prefix + ".enabled is on");
        }
        return Path.of(value);
    }

    private static TlsConfig.ClientAuth clientAuth(Config c, String key) {
        String value = c.getString(key).trim().toUpperCase(Locale.ROOT);
        try {
            return TlsConfig.ClientAuth.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " must be none, optional or required, got " + c.getString(key), e);
        }
    }

    /** A comma-separated string (Bondy's form, e.g. {@code "1.2,1.3"}); empty for the defaults. */
    private static List<String> list(Config c, String key) {
        return Arrays.stream(c.getString(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
