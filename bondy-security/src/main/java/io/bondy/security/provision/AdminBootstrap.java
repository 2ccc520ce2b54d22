package io.bondy.security.provision;

import io.bondy.security.admin.GrantAdmin;
import io.bondy.security.admin.SourceAdmin;
import io.bondy.security.admin.UserAdmin;
import io.bondy.security.crypto.Secrets;
import io.bondy.security.model.AuthMethods;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the master realm's {@code admin} user at first start: allowed to authenticate with
 * {@code wampcra}, {@code wamp-scram} and {@code ticket} from any address, plus {@code cryptosign}
 * when Ed25519 public keys are configured for it, and
 * granted every permission on every URI. Its password comes from {@code BONDY_ADMIN_PASSWORD} or the
 * configuration; with neither, a random one is generated and logged once. An existing admin user is
 * never changed.
 */
public final class AdminBootstrap {

    public static final String ADMIN = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserAdmin users;
    private final SourceAdmin sources;
    private final GrantAdmin grants;

    public AdminBootstrap(UserAdmin users, SourceAdmin sources, GrantAdmin grants) {
        this.users = users;
        this.sources = sources;
        this.grants = grants;
    }

    /** @param password the configured password, or null/empty to generate one */
    public void ensureAdmin(String masterRealm, String password) {
        ensureAdmin(masterRealm, password, List.of());
    }

    /**
     * @param password       the configured password, or null/empty to generate one
     * @param authorizedKeys Ed25519 public keys (hex) for cryptosign; empty: no cryptosign for admin
     */
    public void ensureAdmin(String masterRealm, String password, List<String> authorizedKeys) {
        boolean generated = password == null || password.isEmpty();
        String pw = generated ? Secrets.randomPassword(18) : password;
        Map<String, Object> user = authorizedKeys.isEmpty()
                ? Map.of("username", ADMIN, "password", pw)
                : Map.of("username", ADMIN, "password", pw, "authorized_keys", authorizedKeys);
        if (!users.addIfAbsent(masterRealm, user)) {
            return;
        }
        List<String> methods = authorizedKeys.isEmpty() ? List.of(AuthMethods.PASSWORD, AuthMethods.TICKET)
                : List.of(AuthMethods.PASSWORD, AuthMethods.TICKET, AuthMethods.CRYPTOSIGN);
        for (String method : methods) {
            for (String cidr : List.of("0.0.0.0/0", "::/0")) {
                sources.add(masterRealm, Map.of("usernames", List.of(ADMIN), "authmethod", method, "cidr", cidr));
            }
        }
        grants.create(masterRealm, Map.of("roles", List.of("user/" + ADMIN), "resources", List.of("any"),
                "permissions", List.of("wamp.register", "wamp.unregister", "wamp.call", "wamp.cancel",
                        "wamp.subscribe", "wamp.unsubscribe", "wamp.publish", "wamp.disclose_caller",
                        "wamp.disclose_publisher", "bondy.issue")));
        if (generated) {
            // Printed once, at creation, on purpose: there is no other way to learn a generated password.
            LOG.warn("Created user '{}' in master realm {} with the GENERATED password: {}  -- it is shown only"
                    + " this once. Change it with bondy.user.change_password, or set BONDY_ADMIN_PASSWORD (or"
                    + " security.admin.password) before the first start.", ADMIN, masterRealm, pw);
        } else {
            LOG.info("Created user '{}' in master realm {} with the configured password", ADMIN, masterRealm);
        }
    }
}
