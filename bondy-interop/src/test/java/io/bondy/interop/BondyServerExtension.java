package io.bondy.interop;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One {@link BondyProcess} per test class: started before the class's tests, stopped (SIGTERM) after them,
 * and the class fails if the server did not exit 0 on SIGTERM. A failing test gets the server's output
 * (the tail) appended to its message. Use as
 * {@code @RegisterExtension static final BondyServerExtension BONDY = new BondyServerExtension("name");}.
 */
public final class BondyServerExtension implements BeforeAllCallback, AfterAllCallback,
        TestExecutionExceptionHandler {

    private static final int LOG_TAIL_CHARS = 8_000;

    private final String name;
    private final java.util.function.Supplier<java.util.Map<String, String>> env;
    private BondyProcess server;

    public BondyServerExtension(String name) {
        this(name, java.util.Map::of);
    }

    /** A server started with extra environment variables, computed just before the start. */
    public BondyServerExtension(String name, java.util.function.Supplier<java.util.Map<String, String>> env) {
        this.name = name;
        this.env = env;
    }

    /** A server started with fixed extra {@code BONDY_*} settings. */
    public BondyServerExtension(String name, java.util.Map<String, String> settings) {
        this(name, () -> settings);
    }

    public BondyProcess server() {
        if (server == null) {
            throw new IllegalStateException("the Bondy server of " + name + " is not started");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = BondyProcess.start(name, env.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server == null) {
            return;
        }
        int code = server.stop();
        if (code != 0) {
            throw new AssertionError("Bondy server '" + name + "' exited with code " + code
                    + " after SIGTERM (expected 0: graceful shutdown). Its output (" + server.logFile() + "):\n"
                    + server.outputTail(LOG_TAIL_CHARS));
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        if (server == null) {
            throw throwable;
        }
        AssertionError withLog = new AssertionError(throwable.getMessage()
                + "\n===== Bondy server (" + (server.isAlive() ? "running" : "NOT RUNNING") + ") output tail, "
                + server.logFile() + " =====\n" + server.outputTail(LOG_TAIL_CHARS)
                + "\n===== end of server output =====", throwable);
        throw withLog;
    }
}
