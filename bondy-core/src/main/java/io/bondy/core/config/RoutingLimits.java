package io.bondy.core.config;

import io.bondy.core.uri.UriLimits;
import java.util.Objects;

/**
 * What one client may make the router hold, router-wide (every realm, those created at run time
 * included): the bounds of the URIs it names and how many registrations and subscriptions its
 * session may have. Each is checked before the router does any work with the request.
 *
 * @param uris                       the longest URI and the most components ({@code wamp.uri_max_length},
 *                                   {@code wamp.uri_max_components})
 * @param maxRegistrationsPerSession registrations a client session may hold; a REGISTER beyond it gets
 *                                   {@code bondy.error.too_many_registrations} ({@code wamp.max_registrations_per_session})
 * @param maxSubscriptionsPerSession subscriptions a client session may hold; a SUBSCRIBE beyond it gets
 *                                   {@code bondy.error.too_many_subscriptions} ({@code wamp.max_subscriptions_per_session})
 */
public record RoutingLimits(UriLimits uris, int maxRegistrationsPerSession, int maxSubscriptionsPerSession) {

    public static final RoutingLimits DEFAULTS = new RoutingLimits(UriLimits.DEFAULTS, 1_000, 10_000);

    public RoutingLimits {
        Objects.requireNonNull(uris, "uris");
        if (maxRegistrationsPerSession <= 0) {
            throw new IllegalArgumentException("wamp.max_registrations_per_session must be positive, got "
                    + maxRegistrationsPerSession);
        }
        if (maxSubscriptionsPerSession <= 0) {
            throw new IllegalArgumentException("wamp.max_subscriptions_per_session must be positive, got "
                    + maxSubscriptionsPerSession);
        }
    }

    /** A copy with these URI bounds. */
    public RoutingLimits withUris(UriLimits bounds) {
        return new RoutingLimits(bounds, maxRegistrationsPerSession, maxSubscriptionsPerSession);
    }

    /** A copy with another limit of registrations per session. */
    public RoutingLimits withMaxRegistrationsPerSession(int max) {
        return new RoutingLimits(uris, max, maxSubscriptionsPerSession);
    }

    /** A copy with another limit of subscriptions per session. */
    public RoutingLimits withMaxSubscriptionsPerSession(int max) {
        return new RoutingLimits(uris, maxRegistrationsPerSession, max);
    }
}
