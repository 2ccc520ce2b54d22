package io.bondy.server.config;

import io.bondy.security.SecuritySettings;
import java.nio.file.Path;

/**
 * The security part of the configuration.
 *
 * @param settings      what the security module needs (master realm, hashing, tickets, throttling)
 * @param configFile    a security provisioning file (Bondy's security_config.json shape), or null
 * @param adminPassword the master realm admin's password at creation ({@code BONDY_ADMIN_PASSWORD} or
 *                      {@code security.admin.password}); empty to generate one
 */
public record SecurityConfig(SecuritySettings settings, Path configFile, String adminPassword,
                             java.util.List<String> adminAuthorizedKeys) {

    @Override
    public String toString() {
        return "SecurityConfig[" + settings.masterRealm() + ", configFile=" + configFile + ", adminPassword="
                + (adminPassword.isEmpty() ? "(generate)" : "(set)") + "]";
    }
}
