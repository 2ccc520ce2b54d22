package io.bondy.server.cli;

import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** How {@code bondy admin} reaches and authenticates to the router (options inherited by every subcommand). */
public final class ConnectionOptions {

    /** Where {@code bondy admin} connects when neither {@code --url} nor {@code BONDY_URL} says otherwise. */
    static final String DEFAULT_URL = "ws://127.0.0.1:18080/ws";

    @Option(names = "--url", scope = ScopeType.INHERIT,
            description = "WebSocket URL of the router (default: env BONDY_URL, else " + DEFAULT_URL + ")")
    String url;

    @Option(names = "--realm", scope = ScopeType.INHERIT, defaultValue = "com.leapsight.bondy",
            description = "realm to authenticate in (default: ${DEFAULT-VALUE})")
    String realm;

    @Option(names = {"-u", "--user"}, scope = ScopeType.INHERIT, defaultValue = "admin",
            description = "user to authenticate as (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = {"-p", "--password"}, scope = ScopeType.INHERIT,
            description = "the user's password (wampcra); default: env BONDY_ADMIN_PASSWORD")
    String password;

    @Option(names = "--ticket", scope = ScopeType.INHERIT,
            description = "authenticate with this ticket (from bondy.ticket.issue) instead of a password")
    String ticket;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print JSON instead of tables")
    boolean json;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, defaultValue = "10",
            description = "seconds to wait for the router (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    Map<String, String> env = Map.of();

    /** The router's URL from {@code --url}, else {@code BONDY_URL}, else {@link #DEFAULT_URL}. */
    String url() {
        if (url != null) {
            return url;
        }
        String fromEnv = env.get("BONDY_URL");
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_URL : fromEnv;
    }

    /** The password from {@code --password} or {@code BONDY_ADMIN_PASSWORD}; a usage error when neither. */
    String password() {
        String p = password != null ? password : env.get("BONDY_ADMIN_PASSWORD");
        if (p == null || p.isEmpty()) {
            throw new UsageError("no password: pass --password, set BONDY_ADMIN_PASSWORD, or use --ticket");
        }
        return p;
    }
}
