package io.bondy.bridge.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker for tests: KRaft mode, one process that is both broker and controller, started in a
 * child JVM from the test's own classpath ({@code org.apache.kafka:kafka_2.13}, test scope) by
 * {@link KafkaTestBrokerMain}. Listens on 127.0.0.1 on two free ports; data in a temporary directory.
 *
 * <p>A test may take the broker down mid-way ({@link #stop()} cleanly, {@link #kill()} like a crash) and
 * bring it back with {@link #start()} on the same ports and the same data. {@link #close()} stops it and
 * deletes its data. A child outlives no test JVM: it exits when its stdin (a pipe from us) closes.
 *
 * <p>Why a child JVM and not in-process: stop and kill are real (the process and its sockets go away, as
 * in production), the broker's threads, heap, static metrics and logging stay out of the test's JVM, and a
 * restart starts from nothing but the data directory.
 *
 * <p>Threads: not thread-safe; one test drives it.
 */
public final class KafkaTestBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTestBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(
            Long.getLong("bondy.test.kafka.startTimeoutSeconds", 180));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kafka-test-broker-reaper"));
    }

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private Process process;
    private long lastStartMillis;

    private KafkaTestBroker(Path dir, int port, int controllerPort, int partitions) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
    }

    /** Starts a new broker (default topic partitions: 1) and waits until it serves. */
    public static KafkaTestBroker startNew() {
        return startNew(1);
    }

    /** Starts a new broker whose auto-created topics get {@code partitions} partitions. */
    public static KafkaTestBroker startNew(int partitions) {
        // Free ports are chosen here, so a restart can reuse them; another process may take one in between,
        // so a failed first start is retried on fresh ports.
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir;
            try {
                dir = Files.createTempDirectory("bondy-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int[] ports = freePorts(2);
            KafkaTestBroker broker = new KafkaTestBroker(dir, ports[0], ports[1], partitions);
            try {
                broker.start();
                return broker;
            } catch (IllegalStateException e) {
                last = e;
                broker.close();
                if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
                LOG.warn("Kafka test broker did not start (attempt {}), retrying on new ports", attempt + 1, e);
            }
        }
        throw last;
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dir;
    }

    /** How long the last {@link #start()} took until the broker served, in milliseconds. */
    public long lastStartMillis() {
        return lastStartMillis;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * The broker JVM's heap, GC and JIT options: by default small and quick to start (C1 only, serial GC), as
     * the tests want; {@code BONDY_KAFKA_TEST_BROKER_JVM} (space-separated) replaces them, e.g. to benchmark
     * against a broker with the C2 compiler.
     */
    private static List<String> jvmOptions() {
        String custom = System.getenv("BONDY_KAFKA_TEST_BROKER_JVM");
        if (custom != null && !custom.isBlank()) {
            return List.of(custom.trim().split("\\s+"));
        }
        return List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m");
    }

    /** Starts the broker process (again) on the same ports and data and waits until it accepts clients. */
    public void start() {
        if (isRunning()) {
            throw new IllegalStateException("already running");
        }
        long t0 = System.nanoTime();
        Path ready = dir.resolve("ready");
        try {
            Files.deleteIfExists(ready);
            Path config = writeConfig();
            Path logback = writeLogbackConfig();
            Path argFile = dir.resolve("classpath.args");
            Files.writeString(argFile, "-cp \"" + testClasspath().replace("\\", "\\\\") + "\"\n");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + argFile));
            cmd.addAll(jvmOptions());
            cmd.addAll(List.of("-Djava.awt.headless=true", "-Dlogback.configurationFile=" + logback,
                    "-Dlog4j2.level=WARN",
                    KafkaTestBrokerMain.class.getName(), config.toString(), ready.toString()));
            Path log = dir.resolve("broker.log");
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            LIVE.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(ready) || !accepts()) {
            if (!process.isAlive()) {
                LIVE.remove(process);
                throw new IllegalStateException("Kafka test broker exited with " + process.exitValue()
                        + " while starting; its log ends with:\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("Kafka test broker did not start within " + START_TIMEOUT
                        + "; its log ends with:\n" + logTail());
            }
            pause(50);
        }
        lastStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.info("Kafka test broker on {} started in {} ms (data {})", bootstrapServers(), lastStartMillis, dir);
    }

    /** Stops the broker cleanly (SIGTERM: controlled shutdown) and waits for the process to end. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Kafka test broker did not stop within {}; killing it", STOP_TIMEOUT);
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        LIVE.remove(process);
        process = null;
    }

    /** Kills the broker like a crash (SIGKILL) and waits for the process to end. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        process = null;
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        stop();
        if (Boolean.parseBoolean(setting("bondy.test.kafka.keepData", "false"))) {
            LOG.info("Kafka test broker data kept in {}", dir);
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}", dir, e);
        }
    }

    private Path writeConfig() throws IOException {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=" + partitions,
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // After a kill, the restarted broker cannot register until its old session expired (9 s
                // by default): a shorter session makes a restart faster; twelve heartbeats per session keep
                // the broker from being fenced when a loaded machine delays a few.
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=6000",
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "num.replica.fetchers=1",
                "log.cleaner.threads=1",
                "log.cleaner.dedupe.buffer.size=2097152",
                "auto.create.topics.enable=true",
                "");
        Path file = dir.resolve("server.properties");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        return file;
    }

    private Path writeLogbackConfig() throws IOException {
        Path file = dir.resolve("logback-broker.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                  <root level="ROOT_LEVEL"><appender-ref ref="OUT"/></root>
                </configuration>
                """.replace("ROOT_LEVEL", setting("bondy.test.kafka.logLevel", "WARN")), StandardCharsets.UTF_8);
        return file;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("broker.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Surefire hands the real classpath in this property (java.class.path may be a manifest-only jar). */
    private static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static int[] freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a free port we no longer hold
                }
            }
        }
    }

    /** A system property, or the environment variable of the same name in upper case with underscores. */
    private static String setting(String property, String defaultValue) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase());
        }
        return value != null ? value : defaultValue;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka test broker", e);
        }
    }
}
