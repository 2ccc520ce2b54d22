package io.bondy.transport.support;

import io.bondy.core.router.Router;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.TransportServer;

/** A started {@link TransportServer} over a fresh development router (realm {@code realm1}, anonymous). */
public final class RunningServer implements AutoCloseable {

    private final Router router;
    private final TransportServer server;

    public RunningServer(TransportConfig config) {
        this(config, Router.development());
    }

    /** Serves {@code router} (e.g. one with realm settings under test). */
    public RunningServer(TransportConfig config, Router router) {
        this(config, router, RouterMetrics.NOOP);
    }

    /** Serves {@code router}, the transports counting into {@code metrics}. */
    public RunningServer(TransportConfig config, Router router, RouterMetrics metrics) {
        this.router = router;
        server = new TransportServer(config, router, metrics);
        server.start();
    }

    public static RunningServer standard() {
        return new RunningServer(TestConfigs.standard());
    }

    public Router router() {
        return router;
    }

    public int webSocketPort() {
        return server.webSocketPort();
    }

    public int rawSocketPort() {
        return server.rawSocketPort();
    }

    public TransportServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
