package io.bondy.server;

import io.bondy.server.config.ConfigException;
import io.bondy.server.config.ConfigLoader;
import io.bondy.server.config.ServerConfig;
import io.bondy.transport.tls.TlsConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the configuration, starts a node and runs it until SIGTERM/SIGINT ({@code bondy start}). */
public final class NodeRunner {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRunner.class);

    private NodeRunner() {
    }

    /**
     * @param configFile the configuration file, or null for the embedded defaults
     * @return 0 after a graceful shutdown, 1 when the node cannot start, 2 for a bad configuration (a TLS
     *         listener's unusable certificate, key or CA file included)
     */
    public static int run(Path configFile, Map<String, String> env) {
        ServerConfig config;
        try {
            config = new ConfigLoader(env).load(configFile);
        } catch (ConfigException e) {
            LOG.error("Cannot start: {}", e.getMessage());
            return 2;
        }
        BondyServer server;
        try {
            server = new BondyServer(config);
        } catch (TlsConfigException e) {
            LOG.error("Cannot start: {}", e.getMessage());
            return 2;
        }
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
        } catch (TlsConfigException e) {
            LOG.error("Cannot start: {}", e.getMessage()); // names the key, the file and what is wrong
            server.close();
            return 2;
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
}
