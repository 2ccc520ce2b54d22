package io.bondy.core.router;

import java.util.Map;

/**
 * The roles and features WELCOME announces. Only what works is listed here; each feature is added
 * by the change that implements it, with its tests.
 */
final class RouterRoles {

    private static final Map<String, Object> ROLES = Map.of(
            "broker", Map.of("features", Map.of(
                    "publisher_exclusion", true)),
            "dealer", Map.of("features", Map.of()));

    private RouterRoles() {
    }

    static Map<String, Object> announced() {
        return ROLES;
    }
}
