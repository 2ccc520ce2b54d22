package io.bondy.core.router.session;

import java.util.Map;

/**
 * The roles and features WELCOME announces. Only what works is listed here; each feature is added
 * by the change that implements it, with its tests.
 */
final class RouterRoles {

    private static final Map<String, Object> ROLES = Map.of(
            "broker", Map.of("features", Map.ofEntries(
                    Map.entry("publisher_exclusion", true),
                    Map.entry("pattern_based_subscription", true),
                    Map.entry("publisher_identification", true),
                    Map.entry("subscriber_blackwhite_listing", true),
                    Map.entry("event_retention", true),
                    Map.entry("event_history", true),
                    Map.entry("publication_trustlevels", true),
                    Map.entry("payload_passthru_mode", true),
                    Map.entry("subscription_meta_api", true),
                    Map.entry("session_meta_api", true))),
            "dealer", Map.of("features", dealerFeatures()));

    /** The dealer's features (issue 4: advanced RPC, session meta API, testament). */
    private static Map<String, Object> dealerFeatures() {
        return Map.ofEntries(
                Map.entry("progressive_call_results", true),
                Map.entry("progressive_call_invocations", true),
                Map.entry("call_timeout", true),
                Map.entry("call_canceling", true),
                Map.entry("caller_identification", true),
                Map.entry("pattern_based_registration", true),
                Map.entry("shared_registration", true),
                Map.entry("sharded_registration", true),
                Map.entry("call_trustlevels", true),
                Map.entry("registration_meta_api", true),
                Map.entry("session_meta_api", true),
                Map.entry("testament_meta_api", true),
                Map.entry("payload_passthru_mode", true));
    }

    private RouterRoles() {
    }

    static Map<String, Object> announced() {
        return ROLES;
    }
}
