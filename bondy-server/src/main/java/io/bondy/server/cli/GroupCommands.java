package io.bondy.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code bondy admin group add|list|delete}. */
@Command(name = "group", description = "Groups of a realm (bondy.group.*).", mixinStandardHelpOptions = true)
final class GroupCommands {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "add", description = "Create a group.")
    int add(@Parameters(paramLabel = "REALM") String realm, @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--group", split = ",", description = "groups this group belongs to") List<String> groups) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        if (groups != null) {
            group.put("groups", groups);
        }
        return admin.with((s, out) -> out.object(s.callOne("bondy.group.add", List.of(realm, group))));
    }

    @Command(name = "list", description = "List the groups of a realm.")
    int list(@Parameters(paramLabel = "REALM") String realm) {
        return admin.with((s, out) -> out.table(s.callOne("bondy.group.list", List.of(realm)), "name", "groups"));
    }

    @Command(name = "delete", description = "Delete a group.")
    int delete(@Parameters(paramLabel = "REALM") String realm, @Parameters(paramLabel = "NAME") String name) {
        return admin.with((s, out) -> {
            s.call("bondy.group.delete", List.of(realm, name));
            out.done("deleted group " + name + " from " + realm);
        });
    }
}
