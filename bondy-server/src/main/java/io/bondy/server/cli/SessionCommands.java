package io.bondy.server.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code bondy admin session list}: the sessions of the realm the CLI joined ({@code --realm}). */
@Command(name = "session", description = "Sessions (wamp.session.*) of the realm given with --realm.",
        mixinStandardHelpOptions = true)
final class SessionCommands {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "list", description = "List the sessions of the --realm realm.")
    int list() {
        return admin.with((s, out) -> {
            List<Object> sessions = new ArrayList<>();
            if (s.callOne("wamp.session.list", List.of()) instanceof Collection<?> ids) {
                for (Object id : ids) {
                    sessions.add(s.callOne("wamp.session.get", List.of(id)));
                }
            }
            out.table(sessions, "session", "authid", "authrole", "authmethod", "transport");
        });
    }
}
