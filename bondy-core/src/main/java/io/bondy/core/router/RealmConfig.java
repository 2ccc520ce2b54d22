package io.bondy.core.router;

import java.util.List;
import java.util.Objects;

/**
 * A realm's settings.
 *
 * @param uri             the realm URI clients name in HELLO
 * @param description     free text for operators
 * @param authmethods     the auth methods clients may use, in Bondy's names ({@code anonymous}, ...)
 * @param securityEnabled whether RBAC applies; a realm with security disabled allows every action
 */
public record RealmConfig(String uri, String description, List<String> authmethods, boolean securityEnabled) {

    public RealmConfig {
        Objects.requireNonNull(uri, "uri");
        description = description == null ? "" : description;
        authmethods = List.copyOf(authmethods);
    }

    public boolean allows(String authmethod) {
        return authmethods.contains(authmethod);
    }
}
