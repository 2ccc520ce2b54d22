package io.bondy.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code bondy admin source add|list}. */
@Command(name = "source", description = "Authentication sources (bondy.source.*).", mixinStandardHelpOptions = true)
final class SourceCommands {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "add", description = "Allow users to authenticate with a method from a network.")
    int add(@Parameters(paramLabel = "REALM") String realm,
            @Option(names = "--usernames", split = ",", required = true,
                    description = "user names, or 'all', or 'anonymous'") List<String> usernames,
            @Option(names = "--authmethod", required = true,
                    description = "password, wampcra, wamp-scram, cryptosign, ticket, anonymous, ...") String method,
            @Option(names = "--cidr", defaultValue = "0.0.0.0/0", description = "network (default: ${DEFAULT-VALUE})")
            String cidr) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("usernames", usernames.size() == 1 && usernames.get(0).equals("all") ? "all" : usernames);
        source.put("authmethod", method);
        source.put("cidr", cidr);
        return admin.with((s, out) -> out.table(s.callOne("bondy.source.add", List.of(realm, source)),
                "usernames", "authmethod", "cidr"));
    }

    @Command(name = "list", description = "List the sources of a realm.")
    int list(@Parameters(paramLabel = "REALM") String realm) {
        return admin.with((s, out) -> out.table(s.callOne("bondy.source.list", List.of(realm)),
                "usernames", "authmethod", "cidr"));
    }
}
