package io.bondy.server.cli;

import io.bondy.server.Version;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bondy}: {@code start} a node, or {@code admin} one. With no subcommand (or only start's
 * options, e.g. {@code --config FILE}) it starts a node, as {@code java -jar bondy.jar} always has.
 *
 * <p>Exit codes: 0 ok, 1 a WAMP error (or an unexpected failure), 2 a usage or configuration error,
 * 3 cannot connect or authenticate.
 */
@Command(name = "bondy", mixinStandardHelpOptions = true, versionProvider = BondyCommand.VersionProvider.class,
        description = "Bondy, a clustered WAMP router.", subcommands = {StartCommand.class, AdminCommand.class})
public final class BondyCommand implements Runnable {

    public static final int EXIT_WAMP_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CONNECT = 3;

    private static final Set<String> TOP_LEVEL = Set.of("start", "admin", "help", "-h", "--help", "-V", "--version");

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    public BondyCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Map<String, String> env() {
        return env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Parses and runs {@code args}; returns the exit code. Output goes to {@code out} and {@code err}. */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BondyCommand(env));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            PrintWriter w = commandLine.getErr();
            int code;
            if (e instanceof WampErrorException we) {
                w.println("error: " + we.uri() + (we.getMessage().isEmpty() ? "" : ": " + we.getMessage()));
                code = EXIT_WAMP_ERROR;
            } else if (e instanceof ConnectException ce) {
                w.println("error: " + ce.getMessage());
                code = EXIT_CONNECT;
            } else if (e instanceof UsageError ue) {
                w.println("error: " + ue.getMessage());
                code = EXIT_USAGE;
            } else {
                w.println("error: " + e);
                code = EXIT_WAMP_ERROR;
            }
            w.flush();
            return code;
        });
        int code = cli.execute(withDefaultCommand(args));
        out.flush();
        err.flush();
        return code;
    }

    /** No subcommand means start: {@code bondy}, {@code bondy --config FILE}. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length > 0 && TOP_LEVEL.contains(args[0])) {
            return args;
        }
        String[] out = new String[args.length + 1];
        out[0] = "start";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    /** The version from the jar's manifest. */
    static final class VersionProvider implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            return new String[] {"bondy " + Version.current()};
        }
    }
}
