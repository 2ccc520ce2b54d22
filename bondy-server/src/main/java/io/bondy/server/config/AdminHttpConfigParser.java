package io.bondy.server.config;

import static io.bondy.server.config.ConfigValues.host;
import static io.bondy.server.config.ConfigValues.port;

import com.typesafe.config.Config;
import io.bondy.server.admin.AdminHttpConfig;

/** Parses the admin HTTP listener into {@link AdminHttpConfig}. Owns {@code admin_api.http.*}. */
final class AdminHttpConfigParser {

    private AdminHttpConfigParser() {
    }

    static AdminHttpConfig parse(Config c) {
        return new AdminHttpConfig(c.getBoolean("admin_api.http.enabled"),
                host(c, "admin_api.http.ip"), port(c, "admin_api.http.port"));
    }
}
