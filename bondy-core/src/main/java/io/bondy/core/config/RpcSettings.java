package io.bondy.core.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A realm's RPC settings (the {@code rpc { ... }} block of a realm in the configuration).
 *
 * @param maxPendingCallsPerSession calls a session may have waiting, as caller and as callee each;
 *                                  a CALL beyond it gets {@code bondy.error.too_many_pending_calls}
 * @param maxPendingCallsPerRealm   calls the whole realm may have waiting
 * @param defaultCallTimeout        the timeout of a CALL without {@code timeout} (zero: none, the spec's default)
 * @param maxCallTimeout            the longest timeout the router runs; a longer {@code timeout} is cut to it
 * @param callerDisclosure          when INVOCATION carries the caller's identity
 * @param trustlevels               how INVOCATION's {@code trustlevel} is assigned ({@link TrustLevels#OFF}: not sent)
 * @param maxTestamentsPerSession   testaments a session may hold, per scope
 * @param progressiveResultsRequireCanceling the spec's strict rule: pass {@code receive_progress} on only to
 *                                  callees that announce {@code progressive_call_results} and
 *                                  {@code call_canceling}; off (the default) passes it to every callee when
 *                                  the caller asks, as Crossbar does (docs/rpc.md)
 */
public record RpcSettings(int maxPendingCallsPerSession, int maxPendingCallsPerRealm, Duration defaultCallTimeout,
                          Duration maxCallTimeout, CallerDisclosure callerDisclosure, TrustLevels trustlevels,
                          int maxTestamentsPerSession, boolean progressiveResultsRequireCanceling) {

    public static final RpcSettings DEFAULTS = new RpcSettings(1_000, 100_000, Duration.ZERO, Duration.ofMinutes(10),
            CallerDisclosure.ON_REQUEST, TrustLevels.OFF, 16, false);

    /** Settings with the default (lenient) progressive-results rule. */
    public RpcSettings(int maxPendingCallsPerSession, int maxPendingCallsPerRealm, Duration defaultCallTimeout,
                       Duration maxCallTimeout, CallerDisclosure callerDisclosure, TrustLevels trustlevels,
                       int maxTestamentsPerSession) {
        this(maxPendingCallsPerSession, maxPendingCallsPerRealm, defaultCallTimeout, maxCallTimeout, callerDisclosure,
                trustlevels, maxTestamentsPerSession, false);
    }

    /** These settings with the given progressive-results rule. */
    public RpcSettings withProgressiveResultsRequireCanceling(boolean strict) {
        return new RpcSettings(maxPendingCallsPerSession, maxPendingCallsPerRealm, defaultCallTimeout, maxCallTimeout,
                callerDisclosure, trustlevels, maxTestamentsPerSession, strict);
    }

    public RpcSettings {
        positive("max_pending_calls_per_session", maxPendingCallsPerSession);
        positive("max_pending_calls_per_realm", maxPendingCallsPerRealm);
        positive("max_testaments_per_session", maxTestamentsPerSession);
        Objects.requireNonNull(defaultCallTimeout, "defaultCallTimeout");
        Objects.requireNonNull(maxCallTimeout, "maxCallTimeout");
        if (defaultCallTimeout.isNegative() || maxCallTimeout.isNegative() || maxCallTimeout.isZero()) {
            throw new IllegalArgumentException("call timeouts must not be negative and the maximum must be positive");
        }
        Objects.requireNonNull(callerDisclosure, "callerDisclosure");
        trustlevels = trustlevels == null ? TrustLevels.OFF : trustlevels;
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }

    /** When the dealer puts {@code caller}, {@code caller_authid} and {@code caller_authrole} into INVOCATION. */
    public enum CallerDisclosure {
        /** When the caller sets {@code disclose_me} or the callee registered with {@code disclose_caller}. */
        ON_REQUEST,
        /** On every invocation. */
        ALWAYS,
        /** Never: {@code disclose_me} and {@code disclose_caller} are refused. */
        NEVER
    }

    /**
     * The rule for Call Trust Levels: a caller's level is its authrole's entry, else the default.
     *
     * @param enabled      whether INVOCATION carries {@code trustlevel} at all
     * @param defaultLevel the level of an authrole not listed
     * @param byAuthrole   levels by authrole (0 lowest)
     */
    public record TrustLevels(boolean enabled, int defaultLevel, Map<String, Integer> byAuthrole) {

        public static final TrustLevels OFF = new TrustLevels(false, 0, Map.of());

        public TrustLevels {
            byAuthrole = Map.copyOf(byAuthrole);
            if (defaultLevel < 0 || byAuthrole.values().stream().anyMatch(v -> v < 0)) {
                throw new IllegalArgumentException("trust levels must not be negative");
            }
        }

        public int levelOf(String authrole) {
            return authrole == null ? defaultLevel : byAuthrole.getOrDefault(authrole, defaultLevel);
        }
    }
}
