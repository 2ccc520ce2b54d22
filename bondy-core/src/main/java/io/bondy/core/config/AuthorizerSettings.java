package io.bondy.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A realm's dynamic authorizer: a WAMP procedure (registered by some client of the realm) that the
 * router calls to decide whether a session may call, register, publish or subscribe, as Crossbar.io's
 * dynamic authorizers do. See {@code docs/security.md}.
 *
 * @param procedure  the authorizer's procedure URI; null when the realm has none
 * @param cacheTtl   how long an answer is reused for the same session, action and URI (zero: never)
 * @param timeout    how long the router waits for an answer before denying (positive)
 * @param maxQueued  messages a session may send while it waits for an answer; one more ends it with
 *                   ABORT {@code wamp.error.protocol_violation}
 * @param cacheSize  answers kept per session (least recently used go first)
 */
public record AuthorizerSettings(String procedure, Duration cacheTtl, Duration timeout, int maxQueued, int cacheSize) {

    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_QUEUED = 100;
    public static final int DEFAULT_CACHE_SIZE = 1_000;

    /** No dynamic authorizer: static RBAC only. */
    public static final AuthorizerSettings NONE = new AuthorizerSettings(null, DEFAULT_CACHE_TTL, DEFAULT_TIMEOUT,
            DEFAULT_MAX_QUEUED, DEFAULT_CACHE_SIZE);

    public AuthorizerSettings {
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(timeout, "timeout");
        if (procedure != null && procedure.isBlank()) {
            procedure = null;
        }
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("authorizer_cache_ttl must not be negative, got " + cacheTtl);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("authorizer_timeout must be positive, got " + timeout);
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException("authorizer_max_queued must be at least 1, got " + maxQueued);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("authorizer_cache_size must not be negative, got " + cacheSize);
        }
    }

    /** The authorizer {@code procedure} with the default limits. */
    public static AuthorizerSettings of(String procedure) {
        return new AuthorizerSettings(procedure, DEFAULT_CACHE_TTL, DEFAULT_TIMEOUT, DEFAULT_MAX_QUEUED,
                DEFAULT_CACHE_SIZE);
    }

    /** Whether the realm names an authorizer procedure. */
    public boolean enabled() {
        return procedure != null;
    }
}
