package io.bondy.security.admin;

import static io.bondy.security.admin.AdminHandler.NOTHING;
import static io.bondy.security.admin.AdminHandler.one;

import io.bondy.security.realm.RealmAdmin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bondy.realm.create}, {@code get}, {@code update}, {@code list}, {@code delete},
 * {@code bondy.realm.security.is_enabled} and {@code bondy.realm.security.status}. Creating,
 * listing and deleting realms is for master-realm sessions only; reading and updating a realm
 * follows the admin API's rule (own realm, or any from the master realm).
 */
final class RealmProcedures {

    private RealmProcedures() {
    }

    static Map<String, AdminHandler> realms(RealmAdmin realms) {
        Map<String, AdminHandler> p = new LinkedHashMap<>();
        p.put("bondy.realm.create", c -> {
            c.requireMaster("create realms");
            return one(realms.create(c.dict(0, "realm")));
        });
        p.put("bondy.realm.get", c -> one(realms.get(c.realm(0))));
        p.put("bondy.realm.update", c -> one(realms.update(c.realm(0), c.dict(1, "realm"))));
        p.put("bondy.realm.list", c -> {
            c.requireMaster("list realms");
            return one(realms.list());
        });
        p.put("bondy.realm.delete", c -> {
            c.requireMaster("delete realms");
            // Bondy's kwarg {force}; also accepted as a second positional dict (the HTTP API and CLI use it).
            Map<String, Object> opts = c.argCount() > 1 ? c.dict(1, "options") : c.kwargs();
            realms.delete(c.realm(0), io.bondy.security.model.Fields.bool(opts, "force", false));
            return NOTHING;
        });
        p.put("bondy.realm.security.is_enabled", c -> one(realms.securityEnabled(c.realm(0))));
        p.put("bondy.realm.security.status", c -> one(realms.securityEnabled(c.realm(0)) ? "enabled" : "disabled"));
        return p;
    }
}
