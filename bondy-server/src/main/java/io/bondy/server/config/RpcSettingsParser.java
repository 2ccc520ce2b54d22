package io.bondy.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import io.bondy.core.config.RpcSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses a realm's optional {@code rpc { ... }} block into {@link RpcSettings}; every key is
 * optional (the default applies) and every error names the key, e.g. {@code realms[0].rpc.max_call_timeout}.
 */
final class RpcSettingsParser {

    static final Set<String> KEYS = Set.of("max_pending_calls_per_session", "max_pending_calls_per_realm",
            "default_call_timeout", "max_call_timeout", "caller_disclosure", "trustlevels",
            "max_testaments_per_session", "progressive_results_require_canceling");
    private static final Set<String> TRUST_KEYS = Set.of("default", "by_authrole");

    private RpcSettingsParser() {
    }

    static RpcSettings parse(ConfigObject block, String at) {
        for (String key : block.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException("unknown key " + at + "." + key + " (an rpc block has " + KEYS + ")");
            }
        }
        Config c = block.toConfig();
        RpcSettings d = RpcSettings.DEFAULTS;
        try {
            return new RpcSettings(
                    positiveInt(c, "max_pending_calls_per_session", d.maxPendingCallsPerSession(), at),
                    positiveInt(c, "max_pending_calls_per_realm", d.maxPendingCallsPerRealm(), at),
                    duration(c, "default_call_timeout", d.defaultCallTimeout(), true, at),
                    duration(c, "max_call_timeout", d.maxCallTimeout(), false, at),
                    disclosure(c, at),
                    trustlevels(c, at),
                    positiveInt(c, "max_testaments_per_session", d.maxTestamentsPerSession(), at),
                    c.hasPath("progressive_results_require_canceling")
                            ? c.getBoolean("progressive_results_require_canceling")
                            : d.progressiveResultsRequireCanceling());
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw new ConfigException(at + ": " + e.getMessage(), e);
        }
    }

    private static int positiveInt(Config c, String key, int fallback, String at) {
        if (!c.hasPath(key)) {
            return fallback;
        }
        int v = c.getInt(key);
        if (v <= 0) {
            throw new ConfigException(at + "." + key + " must be a positive integer, got " + v);
        }
        return v;
    }

    private static Duration duration(Config c, String key, Duration fallback, boolean zeroAllowed, String at) {
        if (!c.hasPath(key)) {
            return fallback;
        }
        Duration d = c.getDuration(key);
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new ConfigException(at + "." + key + " must be a " + (zeroAllowed ? "non-negative" : "positive")
                    + " duration such as 30s, got " + d);
        }
        return d;
    }

    private static RpcSettings.CallerDisclosure disclosure(Config c, String at) {
        if (!c.hasPath("caller_disclosure")) {
            return RpcSettings.DEFAULTS.callerDisclosure();
        }
        String v = c.getString("caller_disclosure");
        try {
            return RpcSettings.CallerDisclosure.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ".caller_disclosure must be on_request, always or never, got '" + v + "'");
        }
    }

    private static RpcSettings.TrustLevels trustlevels(Config c, String at) {
        if (!c.hasPath("trustlevels")) {
            return RpcSettings.TrustLevels.OFF;
        }
        String here = at + ".trustlevels";
        ConfigObject block = c.getObject("trustlevels");
        for (String key : block.keySet()) {
            if (!TRUST_KEYS.contains(key)) {
                throw new ConfigException("unknown key " + here + "." + key + " (trustlevels has " + TRUST_KEYS + ")");
            }
        }
        Config t = block.toConfig();
        int def = t.hasPath("default") ? t.getInt("default") : 0;
        if (def < 0) {
            throw new ConfigException(here + ".default must not be negative, got " + def);
        }
        Map<String, Integer> byRole = new LinkedHashMap<>();
        if (t.hasPath("by_authrole")) {
            ConfigObject roles = t.getObject("by_authrole");
            for (String role : roles.keySet()) {
                int level = roles.toConfig().getInt("\"" + role + "\"");
                if (level < 0) {
                    throw new ConfigException(here + ".by_authrole." + role + " must not be negative, got " + level);
                }
                byRole.put(role, level);
            }
        }
        return new RpcSettings.TrustLevels(true, def, byRole);
    }
}
