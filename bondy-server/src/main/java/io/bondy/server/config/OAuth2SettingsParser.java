package io.bondy.server.config;

import com.typesafe.config.Config;
import io.bondy.core.uri.UriValidator;
import io.bondy.gateway.oauth2.OAuth2Settings;
import java.time.Duration;

/**
 * Parses the API gateway's OAuth2 endpoints into {@link OAuth2Settings}. Owns {@code api_gateway.oauth2.*};
 * every key is checked even while {@code api_gateway.oauth2.realm} is empty (endpoints off).
 */
final class OAuth2SettingsParser {

    private OAuth2SettingsParser() {
    }

    /** The endpoints' settings, or null (endpoints off) while the realm is empty. */
    static OAuth2Settings parse(Config c) {
        String realm = c.getString("api_gateway.oauth2.realm");
        Duration access = atLeastOneSecond(c, "api_gateway.oauth2.access_token_ttl");
        Duration refresh = atLeastOneSecond(c, "api_gateway.oauth2.refresh_token_ttl");
        int threads = c.getInt("api_gateway.oauth2.threads");
        if (threads < 1 || threads > 64) {
            throw new ConfigException("api_gateway.oauth2.threads must be between 1 and 64, got " + threads);
        }
        int queued = c.getInt("api_gateway.oauth2.max_queued_requests");
        if (queued < 1 || queued > 100_000) {
            throw new ConfigException("api_gateway.oauth2.max_queued_requests must be between 1 and 100000, got "
                    + queued);
        }
        if (realm.isBlank()) {
            return null;
        }
        if (!UriValidator.LOOSE.isValid(realm)) {
            throw new ConfigException("api_gateway.oauth2.realm '" + realm + "' is not a valid realm URI");
        }
        return new OAuth2Settings(realm, access, refresh, threads, queued);
    }

    private static Duration atLeastOneSecond(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.toSeconds() < 1) {
            throw new ConfigException(key + " must be at least 1s, got " + d);
        }
        return d;
    }
}
