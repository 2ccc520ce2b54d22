package io.bondy.server.config;

import static io.bondy.server.config.ConfigValues.positive;

import com.typesafe.config.Config;
import io.bondy.core.uri.UriValidator;
import io.bondy.security.SecuritySettings;
import io.bondy.security.authn.ThrottleSettings;
import io.bondy.security.authn.TlsMethod;
import io.bondy.security.model.PasswordPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Parses authentication, RBAC and the master realm into {@link SecurityConfig}. Owns {@code security.*}
 * ({@code master_realm}, {@code config_file}, {@code admin.*}, {@code admin_procedures.*}, {@code password.*},
 * {@code ticket.*}, {@code throttle.*}); the admin password may also come from {@value #ADMIN_PASSWORD_ENV}, which wins.
 */
final class SecurityConfigParser {

    /** The environment variable that sets the admin password; it is not a config key. */
    static final String ADMIN_PASSWORD_ENV = "BONDY_ADMIN_PASSWORD";

    private SecurityConfigParser() {
    }

    static SecurityConfig parse(Config c, String nodename, Map<String, String> env) {
        int cra = atLeast(c, "security.password.cra_iterations", 1000);
        int scramIterations = atLeast(c, "security.password.scram_iterations", 1);
        int scramMemory = atLeast(c, "security.password.scram_memory_kib", 8);
        int minLength = atLeast(c, "security.password.min_length", 1);
        String master = c.getString("security.master_realm");
        if (!UriValidator.LOOSE.isValid(master)) {
            throw new ConfigException("security.master_realm '" + master + "' is not a valid URI");
        }
        SecuritySettings settings = new SecuritySettings(master, nodename,
                new PasswordPolicy(cra, scramIterations, scramMemory, minLength),
                positive(c, "security.ticket.expiry_time"), positive(c, "security.ticket.max_expiry_time"),
                throttle(c), atLeast(c, "security.ticket.max_per_user", 1),
                atMost(c, "security.admin_procedures.threads", 1, 64),
                atMost(c, "security.admin_procedures.max_queued_calls", 1, 100_000), tlsAuthidFrom(c));
        String file = c.getString("security.config_file");
        Path configFile = null;
        if (!file.isBlank()) {
            configFile = Path.of(file);
            if (!Files.isReadable(configFile)) {
                throw new ConfigException("security.config_file " + file + " does not exist or is not readable");
            }
        }
        String adminPassword = env.getOrDefault(ADMIN_PASSWORD_ENV, c.getString("security.admin.password"));
        List<String> adminKeys = c.getStringList("security.admin.authorized_keys");
        for (String key : adminKeys) {
            if (!key.matches("[0-9a-fA-F]{64}")) {
                throw new ConfigException("security.admin.authorized_keys: '" + key
                        + "' is not an Ed25519 public key (64 hex characters)");
            }
        }
        return new SecurityConfig(settings, configFile, adminPassword, adminKeys);
    }

    /** {@code security.tls.authid_from}: where the {@code tls} authmethod finds the authid in a certificate. */
    private static TlsMethod.AuthidFrom tlsAuthidFrom(Config c) {
        try {
            return TlsMethod.AuthidFrom.parse(c.getString("security.tls.authid_from"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** {@code security.throttle.*}: per address, per authid of a realm, and the size of their tables. */
    private static ThrottleSettings throttle(Config c) {
        return new ThrottleSettings(
                atLeast(c, "security.throttle.max_failures", 0),
                positive(c, "security.throttle.window"),
                positive(c, "security.throttle.block"),
                atLeast(c, "security.throttle.authid_max_failures", 0),
                positive(c, "security.throttle.authid_window"),
                positive(c, "security.throttle.authid_block"),
                atLeast(c, "security.throttle.max_entries", 1));
    }

    private static int atMost(Config c, String key, int min, int max) {
        int v = atLeast(c, key, min);
        if (v > max) {
            throw new ConfigException(key + " must be at most " + max + ", got " + v);
        }
        return v;
    }

    private static int atLeast(Config c, String key, int min) {
        int v = c.getInt(key);
        if (v < min) {
            throw new ConfigException(key + " must be at least " + min + ", got " + v);
        }
        return v;
    }
}
