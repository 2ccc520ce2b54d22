package io.bondy.security.realm;

import io.bondy.security.admin.GrantAdmin;
import io.bondy.security.admin.GroupAdmin;
import io.bondy.security.admin.SourceAdmin;
import io.bondy.security.admin.UserAdmin;
import io.bondy.security.model.Fields;
import io.bondy.security.model.SecurityError;
import java.util.List;
import java.util.Map;

/**
 * The {@code groups}, {@code users}, {@code sources} and {@code grants} a realm object may carry
 * on create and update, applied in that order through the ordinary admin classes (so they are
 * validated exactly as {@code bondy.group.add} and the others validate them).
 */
final class InlineIdentities {

    private final UserAdmin users;
    private final GroupAdmin groups;
    private final SourceAdmin sources;
    private final GrantAdmin grants;

    InlineIdentities(UserAdmin users, GroupAdmin groups, SourceAdmin sources, GrantAdmin grants) {
        this.users = users;
        this.groups = groups;
        this.sources = sources;
        this.grants = grants;
    }

    void apply(String realm, Map<String, Object> input) {
        for (Map<String, Object> g : dicts(input, "groups")) {
            groups.add(realm, g);
        }
        for (Map<String, Object> u : dicts(input, "users")) {
            users.add(realm, u);
        }
        for (Map<String, Object> s : dicts(input, "sources")) {
            sources.add(realm, s);
        }
        for (Map<String, Object> g : dicts(input, "grants")) {
            grants.create(realm, g);
        }
    }

    private static List<Map<String, Object>> dicts(Map<String, Object> input, String key) {
        Object v = input.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new SecurityError(Fields.INVALID_DATATYPE, "'" + key + "' must be a list of dicts");
        }
        return list.stream().map(o -> Fields.dict(o, key)).toList();
    }
}
