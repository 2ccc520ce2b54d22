package io.bondy.bridge.kafka;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * The child JVM's main class for {@link KafkaTestBroker}: formats the log directory on first start (KRaft,
 * one combined broker + controller), starts {@link KafkaRaftServer}, then writes the ready file the
 * parent waits for. SIGTERM (and the parent's end: EOF on stdin) shuts the server down cleanly.
 *
 * <p>Arguments: {@code <server.properties> <ready file>}.
 */
public final class KafkaTestBrokerMain {

    private KafkaTestBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = Path.of(args[0]);
        Path readyFile = Path.of(args[1]);
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(configFile.toFile())) {
            props.load(in);
        }
        String logDir = props.getProperty("log.dirs");
        if (!Files.exists(Path.of(logDir, "meta.properties"))) {
            format(props, logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "kafka-test-broker-shutdown"));
        watchParent();
        server.startup();
        Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
        Files.move(tmp, readyFile, StandardCopyOption.ATOMIC_MOVE);
        server.awaitShutdown();
    }

    private static void format(Properties props, String logDir) throws Exception {
        new Formatter()
                .setPrintStream(System.out)
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(Integer.parseInt(props.getProperty("node.id")))
                .setDirectories(List.of(logDir))
                .setMetadataLogDirectory(logDir)
                .setControllerListenerName(props.getProperty("controller.listener.names"))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setUnstableFeatureVersionsEnabled(false)
                .setWriteBootstrapSnapshot(true)
                .run();
    }

    /** The parent holds our stdin open; when it goes away (even killed), so do we. */
    private static void watchParent() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent on stdin; read until EOF
                }
            } catch (Exception ignored) {
                // the pipe broke: the parent is gone
            }
            System.exit(0);
        }, "kafka-test-broker-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
