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
 * @param rpc             the dealer's settings
 * @param pubsub          the broker's settings
 */
public record RealmConfig(String uri, String description, List<String> authmethods, boolean securityEnabled,
                          RpcSettings rpc, PubSubSettings pubsub) {

    public RealmConfig {
        Objects.requireNonNull(uri, "uri");
        description = description == null ? "" : description;
        authmethods = List.copyOf(authmethods);
        rpc = rpc == null ? RpcSettings.DEFAULTS : rpc;
        pubsub = pubsub == null ? PubSubSettings.DEFAULTS : pubsub;
    }

    /** A realm with default RPC and PubSub settings. */
    public RealmConfig(String uri, String description, List<String> authmethods, boolean securityEnabled) {
        this(uri, description, authmethods, securityEnabled, RpcSettings.DEFAULTS, PubSubSettings.DEFAULTS);
    }

    public boolean allows(String authmethod) {
        return authmethods.contains(authmethod);
    }
}
