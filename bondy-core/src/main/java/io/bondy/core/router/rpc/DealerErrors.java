package io.bondy.core.router.rpc;

/** Error URIs the dealer uses beyond {@link io.bondy.core.WampErrors}. */
final class DealerErrors {

    /** The spec's refusal of {@code disclose_me} (Caller Identification). */
    static final String DISCLOSE_ME_NOT_ALLOWED = "wamp.error.disclose_me.not_allowed";
    /** A pending-call table is full (per session or per realm, see {@link io.bondy.core.config.RpcSettings}). */
    static final String TOO_MANY_PENDING_CALLS = "bondy.error.too_many_pending_calls";
    /** A session holds {@link io.bondy.core.config.RoutingLimits#maxRegistrationsPerSession()} registrations already. */
    static final String TOO_MANY_REGISTRATIONS = "bondy.error.too_many_registrations";

    private DealerErrors() {
    }
}
