package io.bondy.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bondy [--config FILE]}: starts a node and runs until SIGTERM/SIGINT.
 * Without a config file (and without {@code BONDY_CONFIG}) the embedded defaults apply.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        Path configFile = env.containsKey("BONDY_CONFIG") ? Path.of(env.get("BONDY_CONFIG")) : null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        return usage("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    usage(null);
                    return 0;
                }
                case "--version" -> {
                    LOG.info("bondy {}", Version.current());
                    return 0;
                }
                default -> {
                    return usage("unknown argument '" + args[i] + "'");
                }
            }
        }
        ServerConfig config;
        try {
            config = new ConfigLoader(env).load(configFile);
        } catch (ConfigException e) {
            LOG.error("Cannot start: {}", e.getMessage());
            return 2;
        }
        BondyServer server = new BondyServer(config);
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM/SIGINT end the wait below, so the node shuts down gracefully and exits 0.
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                LOG.info("Received SIG{}", s.getName());
                stop.countDown();
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "bondy-shutdown"));
        try {
            server.start();
        } catch (RuntimeException e) {
            LOG.error("Cannot start: {}", e.getMessage(), e);
            server.close();
            return 1;
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        return 0;
    }

    private static int usage(String error) {
        if (error != null) {
            LOG.error("{}", error);
        }
        LOG.info("usage: bondy [--config FILE] [--version] [--help]\n"
                + "  Starts a Bondy node. Without --config (or BONDY_CONFIG) the embedded defaults apply:\n"
                + "  WebSocket on ws://127.0.0.1:18080/ws, RawSocket on 127.0.0.1:18082, realm 'realm1'\n"
                + "  open to anonymous clients (development only). Any key can be set by environment\n"
                + "  variable, e.g. BONDY_WAMP_TCP_PORT=9000.");
        return error == null ? 0 : 64;
    }
}
