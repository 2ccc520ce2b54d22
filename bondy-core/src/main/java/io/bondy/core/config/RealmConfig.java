package io.bondy.core.config;

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
 * @param authorizer      the realm's dynamic authorizer ({@link AuthorizerSettings#NONE}: none)
 */
public record RealmConfig(String uri, String description, List<String> authmethods, boolean securityEnabled,
                          RpcSettings rpc, PubSubSettings pubsub, AuthorizerSettings authorizer) {

    public RealmConfig {
        Objects.requireNonNull(uri, "uri");
        description = description == null ? "" : description;
        authmethods = List.copyOf(authmethods);
        rpc = rpc == null ? RpcSettings.DEFAULTS : rpc;
        pubsub = pubsub == null ? PubSubSettings.DEFAULTS : pubsub;
        authorizer = authorizer == null ? AuthorizerSettings.NONE : authorizer;
    }

    /** A realm without a dynamic authorizer. */
    public RealmConfig(String uri, String description, List<String> authmethods, boolean securityEnabled,
                       RpcSettings rpc, PubSubSettings pubsub) {
        this(uri, description, authmethods, securityEnabled, rpc, pubsub, AuthorizerSettings.NONE);
    }

    /** A realm with default RPC and PubSub settings. */
    public RealmConfig(String uri, String description, List<String> authmethods, boolean securityEnabled) {
        this(uri, description, authmethods, securityEnabled, RpcSettings.DEFAULTS, PubSubSettings.DEFAULTS,
                AuthorizerSettings.NONE);
    }

    public boolean allows(String authmethod) {
        return authmethods.contains(authmethod);
    }
}
