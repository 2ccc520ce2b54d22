package io.bondy.core.config;

import io.bondy.core.uri.UriValidator;
import java.util.List;

/**
 * The router's part of the configuration.
 *
 * @param realms        the realms to create at start
 * @param uriValidation how topic, procedure and error URIs are checked (loose or strict)
 * @param agent         what WELCOME announces as the router agent
 * @param limits        what one client may make the router hold: URI length and components, registrations
 *                      and subscriptions per session
 */
public record RouterConfig(List<RealmConfig> realms, UriValidator uriValidation, String agent, RoutingLimits limits) {

    public RouterConfig {
        realms = List.copyOf(realms);
        limits = limits == null ? RoutingLimits.DEFAULTS : limits;
    }

    /** With the default limits. */
    public RouterConfig(List<RealmConfig> realms, UriValidator uriValidation, String agent) {
        this(realms, uriValidation, agent, RoutingLimits.DEFAULTS);
    }

    /** The development default: one realm {@code realm1} open to anonymous clients. */
    public static RouterConfig development() {
        return new RouterConfig(List.of(new RealmConfig("realm1", "Development realm (anonymous access)",
                List.of("anonymous"), false)), UriValidator.LOOSE, "bondy-java");
    }
}
