package io.bondy.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Bondy server ({@code bondy-server/target/bondy.jar}) running in its own JVM on free
 * loopback ports, for the interop tests. Start one per test class ({@code @BeforeAll}) and {@link #close()}
 * it in {@code @AfterAll}: a start costs about a second, a test class runs many scenarios against it.
 *
 * <p>Its stdout and stderr go to {@code target/interop-logs/bondy-NAME.log}; failures print that log.
 */
public final class BondyProcess implements AutoCloseable {

    public static final String REALM = "realm1";
    static final String READY_LINE = "Bondy ready";
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;
    private final int webSocketPort;
    private final int rawSocketPort;
    private Integer exitCode;

    private BondyProcess(String name, Process process, Path log, int webSocketPort, int rawSocketPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.webSocketPort = webSocketPort;
        this.rawSocketPort = rawSocketPort;
    }

    /** Starts a server named {@code name} (used for its log file) and waits until it logs {@value #READY_LINE}. */
    public static BondyProcess start(String name) {
        return start(name, Map.of());
    }

    /** As {@link #start(String)}, with extra environment variables (e.g. {@code BONDY_SECURITY_CONFIG_FILE}). */
    public static BondyProcess start(String name, Map<String, String> extraEnv) {
        Path jar = Path.of(System.getProperty("bondy.jar", "../bondy-server/target/bondy.jar")).toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The server jar " + jar + " does not exist. Build it first from the"
                    + " repository root: `mvn -B package -DskipTests` (or `mvn -B install -DskipTests`), then run"
                    + " the interop tests again; `mvn -B verify` from the root builds it before this module.");
        }
        IllegalStateException last = null;
        // A port picked free may be taken by someone else before the server binds it: retry on new ports.
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return startOnce(name, jar, attempt, extraEnv);
            } catch (PortClashException e) {
                last = e;
            }
        }
        throw last;
    }

    private static BondyProcess startOnce(String name, Path jar, int attempt, Map<String, String> extraEnv) {
        int[] ports = freePorts(2);
        Path log = InteropSupport.logDir().resolve("bondy-" + name + (attempt > 1 ? "-" + attempt : "") + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A test server: small heap, fast start (C1 only), no CDS warnings.
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // The server refuses unknown BONDY_* variables, and a developer's BONDY_CONFIG must not leak in.
        env.keySet().removeIf(k -> k.startsWith("BONDY_"));
        env.put("BONDY_API_GATEWAY_HTTP_PORT", Integer.toString(ports[0]));
        env.put("BONDY_WAMP_TCP_PORT", Integer.toString(ports[1]));
        env.put("BONDY_WAMP_IO_THREADS", "2");
        env.put("BONDY_ADMIN_API_HTTP_PORT", "0"); // not used by these tests; never a fixed port
        // Each server its own store: two nodes may not share a data directory (RocksDB's lock).
        env.put("BONDY_PLATFORM_DATA_DIR", InteropSupport.logDir().resolveSibling("interop-data")
                .resolve(name + "-" + attempt + "-" + ProcessHandle.current().pid()).toString());
        env.putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        BondyProcess bondy = new BondyProcess(name, process, log, ports[0], ports[1]);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "bondy-" + name + "-reaper"));
        bondy.awaitReady();
        return bondy;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output();
            if (out.contains(READY_LINE) && accepts(webSocketPort) && accepts(rawSocketPort)) {
                return;
            }
            if (!process.isAlive()) {
                String msg = "Bondy server '" + name + "' exited with code " + process.exitValue()
                        + " before logging '" + READY_LINE + "' (ports ws=" + webSocketPort + " rs=" + rawSocketPort
                        + "). Its output (" + log + "):\n" + out;
                System.err.println(msg);
                if (out.contains("Address already in use") || out.contains("BindException")) {
                    throw new PortClashException(msg);
                }
                throw new IllegalStateException(msg);
            }
            sleep(50);
        }
        String out = output();
        kill();
        String msg = "Bondy server '" + name + "' did not log '" + READY_LINE + "' and accept connections within "
                + START_TIMEOUT.toSeconds() + " s (ports ws=" + webSocketPort + " rs=" + rawSocketPort + ")."
                + " Its output (" + log + "):\n" + out;
        System.err.println(msg);
        throw new IllegalStateException(msg);
    }

    public String webSocketUrl() {
        return "ws://127.0.0.1:" + webSocketPort + "/ws";
    }

    public String rawSocketUrl() {
        return "rs://127.0.0.1:" + rawSocketPort;
    }

    public int webSocketPort() {
        return webSocketPort;
    }

    public int rawSocketPort() {
        return rawSocketPort;
    }

    public Path logFile() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the server has printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The output's last {@code maxChars} characters, for assertion messages. */
    public String outputTail(int maxChars) {
        String out = output();
        return out.length() <= maxChars ? out : "…" + out.substring(out.length() - maxChars);
    }

    /**
     * SIGTERM, then a kill after {@link #STOP_TIMEOUT}. Returns the exit code (the server exits 0 on SIGTERM
     * after a graceful shutdown); idempotent.
     */
    public synchronized int stop() {
        if (exitCode != null) {
            return exitCode;
        }
        process.destroy(); // SIGTERM
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("Bondy server '" + name + "' did not exit within " + STOP_TIMEOUT.toSeconds()
                        + " s of SIGTERM; killing it. Its output (" + log + "):\n" + outputTail(20_000));
                kill();
                exitCode = -1;
                return exitCode;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        exitCode = process.isAlive() ? -1 : process.exitValue();
        return exitCode;
    }

    @Override
    public void close() {
        stop();
    }

    private void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int[] freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "Bondy[" + name + " ws=" + webSocketPort + " rs=" + rawSocketPort + "]";
    }

    private static final class PortClashException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortClashException(String message) {
            super(message);
        }
    }
}
