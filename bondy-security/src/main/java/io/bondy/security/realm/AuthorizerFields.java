package io.bondy.security.realm;

import io.bondy.core.config.AuthorizerSettings;
import io.bondy.core.uri.UriValidator;
import io.bondy.security.model.SecurityError;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A realm's dynamic authorizer in Bondy's realm object ({@code bondy.realm.create/update/get}):
 * {@code authorizer} (a procedure URI), {@code authorizer_cache_ttl} and {@code authorizer_timeout}
 * (seconds, may have decimals), {@code authorizer_max_queued} and {@code authorizer_cache_size}.
 */
final class AuthorizerFields {

    static final String PROCEDURE = "authorizer";
    static final String CACHE_TTL = "authorizer_cache_ttl";
    static final String TIMEOUT = "authorizer_timeout";
    static final String MAX_QUEUED = "authorizer_max_queued";
    static final String CACHE_SIZE = "authorizer_cache_size";
    static final List<String> KEYS = List.of(PROCEDURE, CACHE_TTL, TIMEOUT, MAX_QUEUED, CACHE_SIZE);

    private AuthorizerFields() {
    }

    /**
     * {@code current} with the keys {@code in} names replaced; null when {@code authorizer} is given
     * as null (the realm inherits its prototype's again). Bad values are {@code wamp.error.invalid_argument}.
     */
    static AuthorizerSettings apply(AuthorizerSettings current, Map<String, Object> in) {
        if (KEYS.stream().noneMatch(in::containsKey)) {
            return current;
        }
        if (in.containsKey(PROCEDURE) && in.get(PROCEDURE) == null) {
            return null;
        }
        AuthorizerSettings base = current == null ? AuthorizerSettings.NONE : current;
        String procedure = base.procedure();
        if (in.containsKey(PROCEDURE)) {
            if (!(in.get(PROCEDURE) instanceof String s) || !UriValidator.STRICT.isValid(s)) {
                throw invalid("'" + PROCEDURE + "' must be a procedure URI, got " + in.get(PROCEDURE));
            }
            procedure = s;
        }
        try {
            return new AuthorizerSettings(procedure,
                    in.containsKey(CACHE_TTL) ? seconds(in, CACHE_TTL) : base.cacheTtl(),
                    in.containsKey(TIMEOUT) ? seconds(in, TIMEOUT) : base.timeout(),
                    in.containsKey(MAX_QUEUED) ? integer(in, MAX_QUEUED) : base.maxQueued(),
                    in.containsKey(CACHE_SIZE) ? integer(in, CACHE_SIZE) : base.cacheSize());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** The realm object's keys for {@code settings} (nothing for null). */
    static void put(Map<String, Object> out, AuthorizerSettings settings) {
        if (settings == null) {
            return;
        }
        if (settings.procedure() != null) {
            out.put(PROCEDURE, settings.procedure());
        }
        out.put(CACHE_TTL, toSeconds(settings.cacheTtl()));
        out.put(TIMEOUT, toSeconds(settings.timeout()));
        out.put(MAX_QUEUED, settings.maxQueued());
        out.put(CACHE_SIZE, settings.cacheSize());
    }

    /** Reads what {@link #put} wrote (the stored form); null when the realm sets nothing. */
    static AuthorizerSettings read(Map<String, Object> stored) {
        return KEYS.stream().anyMatch(stored::containsKey) ? apply(AuthorizerSettings.NONE, stored) : null;
    }

    private static Duration seconds(Map<String, Object> in, String key) {
        if (!(in.get(key) instanceof Number n)) {
            throw invalid("'" + key + "' must be a number of seconds, got " + in.get(key));
        }
        BigDecimal millis = new BigDecimal(n.toString()).movePointRight(3);
        if (millis.signum() < 0 || millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000)) > 0) {
            throw invalid("'" + key + "' is out of range: " + n);
        }
        return Duration.ofMillis(millis.longValue());
    }

    private static int integer(Map<String, Object> in, String key) {
        if (!(in.get(key) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw invalid("'" + key + "' must be an integer, got " + in.get(key));
        }
        return n.intValue();
    }

    private static Object toSeconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? (Object) (d.toMillis() / 1000) : (Object) (d.toMillis() / 1000.0);
    }

    private static SecurityError invalid(String message) {
        return new SecurityError(SecurityError.INVALID_ARGUMENT, message);
    }
}
