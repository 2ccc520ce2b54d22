package io.bondy.server.cli;

import io.bondy.server.NodeRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code bondy start [--config FILE]}: runs a node until SIGTERM/SIGINT. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a Bondy node and run until SIGTERM/SIGINT.", "Without --config (or BONDY_CONFIG) the"
                + " embedded defaults apply: WebSocket on ws://127.0.0.1:18080/ws, RawSocket on 127.0.0.1:18082,"
                + " admin HTTP on 127.0.0.1:18081, realm 'realm1' open to anonymous clients (development only)."
                + " Any key can be set by environment variable, e.g. BONDY_WAMP_TCP_PORT=9000."})
public final class StartCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "configuration file (HOCON)")
    Path config;

    @ParentCommand
    BondyCommand bondy;

    @Override
    public Integer call() {
        Path file = config != null ? config
                : bondy.env().containsKey("BONDY_CONFIG") ? Path.of(bondy.env().get("BONDY_CONFIG")) : null;
        return NodeRunner.run(file, bondy.env());
    }
}
