package io.bondy.server;

import io.bondy.server.cli.BondyCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code bondy} command: {@code bondy [start] [--config FILE]} runs a node until SIGTERM/SIGINT;
 * {@code bondy admin …} administers a running one (see {@link BondyCommand} and docs/cli.md).
 * Without a config file (and without {@code BONDY_CONFIG}) the embedded defaults apply.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        // The CLI's user-facing output: the only place main code writes to the console.
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return BondyCommand.execute(args, env, out, err);
    }
}
