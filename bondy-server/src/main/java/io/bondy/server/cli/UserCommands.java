package io.bondy.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code bondy admin user add|list|get|delete}. */
@Command(name = "user", description = "Users of a realm (bondy.user.*).", mixinStandardHelpOptions = true)
final class UserCommands {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "add", description = "Create a user.")
    int add(@Parameters(paramLabel = "REALM") String realm, @Parameters(paramLabel = "USERNAME") String username,
            @Option(names = "--new-password", description = "the new user's password") String password,
            @Option(names = "--group", split = ",", description = "groups to add the user to") List<String> groups) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        if (password != null) {
            user.put("password", password);
        }
        if (groups != null) {
            user.put("groups", groups);
        }
        return admin.with((s, out) -> out.object(s.callOne("bondy.user.add", List.of(realm, user))));
    }

    @Command(name = "list", description = "List the users of a realm.")
    int list(@Parameters(paramLabel = "REALM") String realm) {
        return admin.with((s, out) -> out.table(s.callOne("bondy.user.list", List.of(realm)),
                "username", "groups", "enabled", "has_password"));
    }

    @Command(name = "get", description = "Show one user.")
    int get(@Parameters(paramLabel = "REALM") String realm, @Parameters(paramLabel = "USERNAME") String username) {
        return admin.with((s, out) -> out.object(s.callOne("bondy.user.get", List.of(realm, username))));
    }

    @Command(name = "delete", description = "Delete a user.")
    int delete(@Parameters(paramLabel = "REALM") String realm, @Parameters(paramLabel = "USERNAME") String username) {
        return admin.with((s, out) -> {
            s.call("bondy.user.delete", List.of(realm, username));
            out.done("deleted user " + username + " from " + realm);
        });
    }
}
