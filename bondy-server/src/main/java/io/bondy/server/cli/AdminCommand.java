package io.bondy.server.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code bondy admin …}: the admin procedures over WAMP. */
@Command(name = "admin", description = "Administer a running node over WAMP (realms, users, groups, grants, ...).",
        mixinStandardHelpOptions = true,
        subcommands = {RealmCommands.class, UserCommands.class, GroupCommands.class, GrantCommands.class,
                SourceCommands.class, SessionCommands.class, ClusterCommands.class})
public final class AdminCommand implements Runnable {

    @Mixin
    ConnectionOptions connection;

    @ParentCommand
    BondyCommand bondy;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Connects, runs {@code body} with the session and the output, disconnects.
     *
     * @return exit code 0 (errors are thrown and mapped by {@link BondyCommand})
     */
    int with(BiConsumer<AdminSession, Output> body) {
        connection.env = bondy.env();
        if (connection.ticket == null) {
            connection.password(); // a usage error before connecting
        }
        PrintWriter out = spec.commandLine().getOut();
        try (AdminSession session = AdminSession.open(connection, Duration.ofSeconds(connection.timeoutSeconds))) {
            body.accept(session, new Output(out, connection.json));
        }
        return 0;
    }
}
