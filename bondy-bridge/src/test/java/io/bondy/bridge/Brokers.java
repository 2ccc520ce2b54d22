package io.bondy.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's local brokers, stopped and started with the machine's own commands. A test that stops
 * one restarts it in a finally block (other tests and helpers use them); such tests are tagged
 * {@code broker-restart} so they can be run apart and serially.
 */
final class Brokers {

    static final int AMQP = 5672;
    static final int MQTT = 1883;
    static final int NATS = 4222;

    private Brokers() {
    }

    static boolean up(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void stop(int port) {
        switch (port) {
            case AMQP -> run(List.of("rabbitmqctl", "stop_app"));
            case MQTT -> run(List.of("sh", "-c", "kill -TERM $(cat /run/mosquitto/mosquitto.pid 2>/dev/null || pgrep -x mosquitto)"));
            case NATS -> run(List.of("sh", "-c", "kill -TERM $(pgrep -x nats-server)"));
            default -> throw new IllegalArgumentException("port " + port);
        }
        waitFor(port, false, Duration.ofSeconds(60));
    }

    static void start(int port) {
        if (up(port)) {
            return;
        }
        switch (port) {
            case AMQP -> run(List.of("rabbitmqctl", "start_app"));
            case MQTT -> run(List.of("mosquitto", "-d", "-c", "/etc/mosquitto/mosquitto.conf"));
            case NATS -> run(List.of("start-stop-daemon", "--start", "--oknodo", "--background", "--exec",
                    "/usr/sbin/nats-server", "--", "-a", "127.0.0.1", "-p", "4222", "-js", "-sd", "/var/lib/nats-server",
                    "-l", "/var/log/nats-server.log"));
            default -> throw new IllegalArgumentException("port " + port);
        }
        waitFor(port, true, Duration.ofSeconds(120));
    }

    private static void waitFor(int port, boolean state, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (up(port) != state) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("port " + port + " did not become " + (state ? "open" : "closed"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish");
            }
        } catch (IOException e) {
            throw new IllegalStateException(command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
