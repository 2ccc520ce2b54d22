package io.bondy.server.config;

import com.typesafe.config.Config;
import io.bondy.core.config.AuthorizerSettings;
import io.bondy.core.uri.UriValidator;
import java.time.Duration;

/**
 * Parses a realm's dynamic authorizer into {@link AuthorizerSettings}. Owns the realm keys
 * {@code authorizer}, {@code authorizer_cache_ttl}, {@code authorizer_timeout},
 * {@code authorizer_max_queued} and {@code authorizer_cache_size}; every one is optional (the
 * defaults are {@link AuthorizerSettings#NONE}) and every error names the key, e.g.
 * {@code realms[0].authorizer_timeout}.
 */
final class AuthorizerSettingsParser {

    private AuthorizerSettingsParser() {
    }

    /** The realm's authorizer; {@code at} names the realm in errors ({@code realms[0]}). */
    static AuthorizerSettings parse(Config r, String at) {
        AuthorizerSettings d = AuthorizerSettings.NONE;
        String procedure = null;
        if (r.hasPath("authorizer") && !r.getString("authorizer").isEmpty()) { // "" = none, like other keys
            procedure = r.getString("authorizer");
            if (!UriValidator.LOOSE.isValid(procedure)) {
                throw new ConfigException(at + ".authorizer '" + procedure + "' is not a valid procedure URI");
            }
        }
        Duration ttl = d.cacheTtl();
        if (r.hasPath("authorizer_cache_ttl")) {
            ttl = r.getDuration("authorizer_cache_ttl");
            if (ttl.isNegative()) {
                throw new ConfigException(at + ".authorizer_cache_ttl must be a duration >= 0 such as 30s (0s: no"
                        + " caching), got " + ttl);
            }
        }
        Duration timeout = r.hasPath("authorizer_timeout") ? positive(r, "authorizer_timeout", at) : d.timeout();
        int queued = r.hasPath("authorizer_max_queued")
                ? between(r, "authorizer_max_queued", at, 1, 1_000_000) : d.maxQueued();
        int size = r.hasPath("authorizer_cache_size")
                ? between(r, "authorizer_cache_size", at, 0, 1_000_000) : d.cacheSize();
        return new AuthorizerSettings(procedure, ttl, timeout, queued, size);
    }

    private static Duration positive(Config r, String key, String at) {
        Duration v = r.getDuration(key);
        if (v.isNegative() || v.isZero()) {
            throw new ConfigException(at + "." + key + " must be a positive duration such as 5s, got " + v);
        }
        return v;
    }

    private static int between(Config r, String key, String at, int min, int max) {
        int v = r.getInt(key);
        if (v < min || v > max) {
            throw new ConfigException(at + "." + key + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
