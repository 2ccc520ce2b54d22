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
        // the port closes before the process has exited: a start in between would find it still running
        // (start-stop-daemon --oknodo then starts nothing) and the broker would stay down
        String process = process(port);
        if (process != null) {
            waitUntil(() -> !running(process), Duration.ofSeconds(60), process + " did not exit");
        }
    }

    /** The broker's own process name where stopping ends it (RabbitMQ's stop_app keeps its VM running). */
    private static String process(int port) {
        return switch (port) {
            case MQTT -> "mosquitto";
            case NATS -> "nats-server";
            default -> null;
        };
    }

    private static boolean running(String process) {
        return run(List.of("pgrep", "-x", process)) == 0;
    }

    /**
     * Starts the broker and waits for its port. A start command that started nothing (the broker's
     * previous process was still exiting, or it failed at once) is run again, up to three times.
     */
    static void start(int port) {
        for (int attempt = 1; !up(port); attempt++) {
            startOnce(port);
            try {
                waitFor(port, true, Duration.ofSeconds(40));
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static void startOnce(int port) {
        switch (port) {
            case AMQP -> run(List.of("rabbitmqctl", "start_app"));
            case MQTT -> run(List.of("mosquitto", "-d", "-c", "/etc/mosquitto/mosquitto.conf"));
            case NATS -> run(List.of("start-stop-daemon", "--start", "--oknodo", "--background", "--exec",
                    "/usr/sbin/nats-server", "--", "-a", "127.0.0.1", "-p", "4222", "-js", "-sd", "/var/lib/nats-server",
                    "-l", "/var/log/nats-server.log"));
            default -> throw new IllegalArgumentException("port " + port);
        }
    }

    private static void waitFor(int port, boolean state, Duration max) {
        waitUntil(() -> up(port) == state, max, "port " + port + " did not become " + (state ? "open" : "closed"));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration max, String failure) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Runs {@code command} to its end (at most 120 s); its exit code, or -1 if interrupted. */
    private static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish");
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
