package io.bondy.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code bondy admin grant create|revoke|list}. */
@Command(name = "grant", description = "Permissions (bondy.grant.*).", mixinStandardHelpOptions = true)
final class GrantCommands {

    @ParentCommand
    AdminCommand admin;

    /** What a grant gives to whom on which resource. */
    static final class GrantSpec {

        @Option(names = "--permission", split = ",", required = true,
                description = "e.g. wamp.call,wamp.subscribe (or wamp.register, wamp.publish, ...)")
        List<String> permissions;

        @Option(names = "--role", split = ",", required = true,
                description = "users or groups (user/NAME, group/NAME, NAME, all, anonymous)")
        List<String> roles;

        @Option(names = "--uri", description = "the resource URI; omit for any URI")
        String uri;

        @Option(names = "--match", defaultValue = "exact", description = "exact, prefix or wildcard (default: exact)")
        String match;

        Map<String, Object> toMap() {
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("permissions", permissions);
            grant.put("resources", uri == null ? List.of("any") : List.of(Map.of("uri", uri, "match", match)));
            grant.put("roles", roles);
            return grant;
        }
    }

    @Command(name = "create", description = "Grant permissions on a resource to roles.")
    int create(@Parameters(paramLabel = "REALM") String realm, @picocli.CommandLine.Mixin GrantSpec grant) {
        return admin.with((s, out) -> {
            s.call("bondy.grant.create", List.of(realm, grant.toMap()));
            out.done("granted " + grant.permissions + " on " + (grant.uri == null ? "any" : grant.uri) + " to "
                    + grant.roles);
        });
    }

    @Command(name = "revoke", description = "Revoke permissions on a resource from roles.")
    int revoke(@Parameters(paramLabel = "REALM") String realm, @picocli.CommandLine.Mixin GrantSpec grant) {
        return admin.with((s, out) -> {
            s.call("bondy.grant.revoke", List.of(realm, grant.toMap()));
            out.done("revoked " + grant.permissions + " on " + (grant.uri == null ? "any" : grant.uri) + " from "
                    + grant.roles);
        });
    }

    @Command(name = "list", description = "List every grant of a realm.")
    int list(@Parameters(paramLabel = "REALM") String realm) {
        return admin.with((s, out) -> out.table(s.callOne("bondy.realm.grants", List.of(realm)),
                "roles", "resources", "permissions"));
    }
}
