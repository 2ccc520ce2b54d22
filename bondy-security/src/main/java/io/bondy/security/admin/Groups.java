package io.bondy.security.admin;

import io.bondy.security.authz.RealmSecurity;
import io.bondy.security.model.SecurityError;
import java.util.List;

/** Checks on group references shared by the user and group admin. */
final class Groups {

    private Groups() {
    }

    static void requireExisting(RealmSecurity rs, List<String> groups) {
        List<String> missing = groups.stream().filter(g -> rs.group(g).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new SecurityError(SecurityError.NO_SUCH_GROUPS, "no such group(s): " + missing);
        }
    }

    /** Refuses {@code group} joining {@code parents} if that makes it reach itself. */
    static void requireNoCycle(RealmSecurity rs, String group, List<String> parents) {
        if (parents.contains(group) || rs.groupClosure(parents).contains(group)) {
            throw new SecurityError(SecurityError.INVALID_DATA,
                    "group '" + group + "' cannot belong to " + parents + ": that would make a cycle");
        }
    }
}
