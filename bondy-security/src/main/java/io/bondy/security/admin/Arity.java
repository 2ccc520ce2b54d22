package io.bondy.security.admin;

import java.util.HashMap;
import java.util.Map;

/**
 * How many positional arguments each admin procedure takes, counting the realm URI, as Bondy's
 * {@code validate_call_args} checks them: fewer than {@code min - 1} or more than {@code max} is
 * {@code wamp.error.invalid_argument}; exactly {@code min - 1} means the realm was left out and the
 * caller's realm is used. Procedures not listed here check their own arguments.
 */
final class Arity {

    /** Whether the first argument is the realm (and may be left out). */
    record Spec(int min, int max, boolean realmFirst) {
    }

    private static final Map<String, Spec> SPECS = new HashMap<>();

    static {
        realm(2, 2, "bondy.user.add", "bondy.user.get", "bondy.user.delete", "bondy.user.enable",
                "bondy.user.disable", "bondy.user.is_enabled", "bondy.user.grants", "bondy.group.add",
                "bondy.group.get", "bondy.group.delete", "bondy.group.grants", "bondy.grant.create",
                "bondy.grant.revoke", "bondy.source.add", "bondy.ticket.verify", "bondy.ticket.revoke",
                "bondy.ticket.revoke_all");
        realm(1, 1, "bondy.user.list", "bondy.group.list", "bondy.source.list", "bondy.realm.grants",
                "bondy.realm.security.enable", "bondy.realm.security.disable", "bondy.realm.security.is_enabled",
                "bondy.realm.security.status", "bondy.realm.get");
        realm(3, 3, "bondy.user.update", "bondy.user.add_alias", "bondy.user.remove_alias", "bondy.user.add_group",
                "bondy.user.add_groups", "bondy.user.remove_group", "bondy.user.remove_groups", "bondy.group.update",
                "bondy.group.add_group", "bondy.group.add_groups", "bondy.group.remove_group",
                "bondy.group.remove_groups", "bondy.source.delete");
        realm(3, 4, "bondy.user.change_password");
        realm(2, 3, "bondy.source.match", "bondy.source.get");
        realm(0, 1, "bondy.ticket.issue");
        SPECS.put("bondy.rbac.authorize", new Spec(3, 3, false));
    }

    private Arity() {
    }

    private static void realm(int min, int max, String... uris) {
        for (String u : uris) {
            SPECS.put(u, new Spec(min, max, true));
        }
    }

    /** The procedure's spec, or null when it checks its own arguments. */
    static Spec of(String procedure) {
        return SPECS.get(procedure);
    }
}
