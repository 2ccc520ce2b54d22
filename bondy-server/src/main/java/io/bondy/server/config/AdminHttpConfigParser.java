package io.bondy.server.config;

import static io.bondy.server.config.ConfigValues.host;
import static io.bondy.server.config.ConfigValues.maxConnections;
import static io.bondy.server.config.ConfigValues.port;
import static io.bondy.server.config.ConfigValues.positive;

import com.typesafe.config.Config;
import io.bondy.server.admin.AdminHttpConfig;

/**
 * Parses the admin HTTP listener into {@link AdminHttpConfig}. Owns {@code admin_api.http.*}
 * ({@code enabled}, {@code ip}, {@code port}, {@code request_timeout}, {@code idle_timeout},
 * {@code max_connections}) and its TLS twin {@code admin_api.https.*} ({@link TlsConfigParser}).
 */
final class AdminHttpConfigParser {

    private AdminHttpConfigParser() {
    }

    static AdminHttpConfig parse(Config c) {
        return new AdminHttpConfig(c.getBoolean("admin_api.http.enabled"),
                host(c, "admin_api.http.ip"), port(c, "admin_api.http.port"),
                positive(c, "admin_api.http.request_timeout"), positive(c, "admin_api.http.idle_timeout"),
                maxConnections(c, "admin_api.http.max_connections"),
                TlsConfigParser.listener(c, "admin_api.https"));
    }
}
