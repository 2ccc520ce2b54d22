package io.bondy.security.admin;

import static io.bondy.security.admin.AdminHandler.NOTHING;
import static io.bondy.security.admin.AdminHandler.one;

import io.bondy.security.model.Grant;
import io.bondy.security.model.Group;
import io.bondy.security.model.Names;
import io.bondy.security.model.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bondy.user.*} and {@code bondy.group.*}, with Bondy's argument shapes. */
final class IdentityProcedures {

    private IdentityProcedures() {
    }

    static Map<String, AdminHandler> users(UserAdmin users, GrantAdmin grants) {
        Map<String, AdminHandler> p = new LinkedHashMap<>();
        p.put("bondy.user.add", c -> one(users.add(c.realm(0), c.dict(1, "user")).toPublic()));
        p.put("bondy.user.get", c -> one(users.get(c.realm(0), c.string(1, "username")).toPublic()));
        p.put("bondy.user.list", c -> one(users.list(c.realm(0)).stream().map(User::toPublic).toList()));
        p.put("bondy.user.update", c -> one(users.update(c.realm(0), c.string(1, "username"),
                c.dict(2, "user")).toPublic()));
        p.put("bondy.user.delete", c -> {
            users.delete(c.realm(0), c.string(1, "username"));
            return NOTHING;
        });
        p.put("bondy.user.enable", c -> {
            users.setEnabled(c.realm(0), c.string(1, "username"), true);
            return NOTHING;
        });
        p.put("bondy.user.disable", c -> {
            users.setEnabled(c.realm(0), c.string(1, "username"), false);
            return NOTHING;
        });
        p.put("bondy.user.is_enabled", c -> one(users.get(c.realm(0), c.string(1, "username")).enabled()));
        p.put("bondy.user.change_password", c -> {
            users.changePassword(c.realm(0), c.string(1, "username"), c.string(2, "new_password"),
                    c.optionalString(3, "old_password"));
            return NOTHING;
        });
        p.put("bondy.user.add_alias", c -> {
            users.addAlias(c.realm(0), c.string(1, "username"), c.string(2, "alias"));
            return NOTHING;
        });
        p.put("bondy.user.remove_alias", c -> {
            users.removeAlias(c.realm(0), c.string(1, "username"), c.string(2, "alias"));
            return NOTHING;
        });
        // As in Bondy, the target may be a username, a list of usernames or "all" (every user of the realm).
        p.put("bondy.user.add_group", c -> {
            String realm = c.realm(0);
            for (String u : userTargets(users, realm, c.raw(1, "username"))) {
                users.addGroups(realm, u, List.of(c.string(2, "group_name")));
            }
            return NOTHING;
        });
        p.put("bondy.user.add_groups", c -> {
            String realm = c.realm(0);
            for (String u : userTargets(users, realm, c.raw(1, "username"))) {
                users.addGroups(realm, u, c.strings(2, "group_names"));
            }
            return NOTHING;
        });
        p.put("bondy.user.remove_group", c -> {
            String realm = c.realm(0);
            for (String u : userTargets(users, realm, c.raw(1, "username"))) {
                users.removeGroups(realm, u, List.of(c.string(2, "group_name")));
            }
            return NOTHING;
        });
        p.put("bondy.user.remove_groups", c -> {
            String realm = c.realm(0);
            for (String u : userTargets(users, realm, c.raw(1, "username"))) {
                users.removeGroups(realm, u, c.strings(2, "group_names"));
            }
            return NOTHING;
        });
        p.put("bondy.user.grants", c -> one(grants.roleGrants(c.realm(0),
                Grant.userRole(Names.normalize(c.string(1, "username"))))));
        return p;
    }

    static Map<String, AdminHandler> groups(GroupAdmin groups, GrantAdmin grants) {
        Map<String, AdminHandler> p = new LinkedHashMap<>();
        p.put("bondy.group.add", c -> one(groups.add(c.realm(0), c.dict(1, "group")).toMap()));
        p.put("bondy.group.get", c -> one(groups.get(c.realm(0), c.string(1, "name")).toMap()));
        p.put("bondy.group.list", c -> one(groups.list(c.realm(0)).stream().map(Group::toMap).toList()));
        p.put("bondy.group.update", c -> one(groups.update(c.realm(0), c.string(1, "name"),
                c.dict(2, "group")).toMap()));
        p.put("bondy.group.delete", c -> {
            groups.delete(c.realm(0), c.string(1, "name"));
            return NOTHING;
        });
        // As in Bondy, the target may be a group name, a list of names or "all" (every group of the realm).
        p.put("bondy.group.add_group", c -> {
            String realm = c.realm(0);
            for (String g : groupTargets(groups, realm, c.raw(1, "name"))) {
                groups.addGroups(realm, g, List.of(c.string(2, "group_name")));
            }
            return NOTHING;
        });
        p.put("bondy.group.add_groups", c -> {
            String realm = c.realm(0);
            for (String g : groupTargets(groups, realm, c.raw(1, "name"))) {
                groups.addGroups(realm, g, c.strings(2, "group_names"));
            }
            return NOTHING;
        });
        p.put("bondy.group.remove_group", c -> {
            String realm = c.realm(0);
            for (String g : groupTargets(groups, realm, c.raw(1, "name"))) {
                groups.removeGroups(realm, g, List.of(c.string(2, "group_name")));
            }
            return NOTHING;
        });
        p.put("bondy.group.remove_groups", c -> {
            String realm = c.realm(0);
            for (String g : groupTargets(groups, realm, c.raw(1, "name"))) {
                groups.removeGroups(realm, g, c.strings(2, "group_names"));
            }
            return NOTHING;
        });
        p.put("bondy.group.grants", c -> one(grants.roleGrants(c.realm(0),
                Grant.groupRole(Names.normalize(c.string(1, "name"))))));
        return p;
    }

    /** {@code "all"} (every user stored in the realm), a username, or a list of usernames. */
    private static List<String> userTargets(UserAdmin users, String realm, Object raw) {
        if ("all".equals(raw)) {
            return users.list(realm).stream().map(User::username).toList();
        }
        return io.bondy.security.model.Fields.strings(raw, "username");
    }

    /** {@code "all"} (every group of the realm), a group name, or a list of names. */
    private static List<String> groupTargets(GroupAdmin groups, String realm, Object raw) {
        if ("all".equals(raw)) {
            return groups.list(realm).stream().map(Group::name).toList();
        }
        return io.bondy.security.model.Fields.strings(raw, "name");
    }
}
