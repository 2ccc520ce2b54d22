package io.bondy.server.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code bondy admin cluster members} ({@code bondy.cluster.members}, when the node has a cluster). */
@Command(name = "cluster", description = "The cluster (bondy.cluster.*).", mixinStandardHelpOptions = true)
final class ClusterCommands {

    static final String NO_SUCH_PROCEDURE = "wamp.error.no_such_procedure";

    @ParentCommand
    AdminCommand admin;

    @Command(name = "members", description = "List the cluster's members.")
    int members() {
        return admin.with((s, out) -> {
            Object members;
            try {
                members = s.callOne("bondy.cluster.members", List.of());
            } catch (WampErrorException e) {
                if (!NO_SUCH_PROCEDURE.equals(e.uri())) {
                    throw e;
                }
                out.done("not clustered yet: this node has no cluster procedures (bondy.cluster.members)");
                return;
            }
            out.table(members, "nodename", "status", "address");
        });
    }
}
