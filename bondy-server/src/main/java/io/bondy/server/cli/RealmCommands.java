package io.bondy.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code bondy admin realm create|list|get|delete} ({@code bondy.realm.*}). */
@Command(name = "realm", description = "Realms (bondy.realm.*).", mixinStandardHelpOptions = true)
final class RealmCommands {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "create", description = "Create a realm.")
    int create(@Parameters(paramLabel = "URI") String uri,
               @Option(names = "--description") String description,
               @Option(names = "--authmethods", split = ",",
                       description = "e.g. wampcra,ticket,anonymous (default: the router's)") List<String> authmethods,
               @Option(names = "--security-enabled", negatable = true, defaultValue = "true", fallbackValue = "true",
                       description = "enforce authentication and grants (default: true)") boolean securityEnabled) {
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("uri", uri);
        if (description != null) {
            realm.put("description", description);
        }
        if (authmethods != null) {
            realm.put("authmethods", authmethods);
        }
        realm.put("security_enabled", securityEnabled);
        return admin.with((s, out) -> out.object(s.callOne("bondy.realm.create", List.of(realm))));
    }

    @Command(name = "list", description = "List the realms.")
    int list() {
        return admin.with((s, out) -> out.table(s.callOne("bondy.realm.list", List.of()),
                "uri", "description", "security_enabled", "authmethods"));
    }

    @Command(name = "get", description = "Show one realm.")
    int get(@Parameters(paramLabel = "URI") String uri) {
        return admin.with((s, out) -> out.object(s.callOne("bondy.realm.get", List.of(uri))));
    }

    @Command(name = "delete", description = "Delete a realm (one that still has users only with --force).")
    int delete(@Parameters(paramLabel = "URI") String uri,
               @picocli.CommandLine.Option(names = "--force", description = "delete it with its users") boolean force) {
        return admin.with((s, out) -> {
            s.call("bondy.realm.delete", force ? List.of(uri, java.util.Map.of("force", true)) : List.of(uri));
            out.done("deleted realm " + uri);
        });
    }
}
