package io.bondy.bench.echo;

import java.util.concurrent.CountDownLatch;

/**
 * {@code EchoServerMain [--ws-port N] [--raw-port N] [--http-port N] [--io-threads N]}: runs {@link EchoServer} on
 * 127.0.0.1 until SIGTERM and prints {@code echo ready ws=PORT raw=PORT [http=PORT]} once listening.
 */
public final class EchoServerMain {

    private EchoServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int wsPort = 0;
        int rawPort = 0;
        int httpPort = -1;
        int ioThreads = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--ws-port" -> wsPort = Integer.parseInt(value);
                case "--raw-port" -> rawPort = Integer.parseInt(value);
                case "--http-port" -> httpPort = Integer.parseInt(value);
                case "--io-threads" -> ioThreads = Integer.parseInt(value);
                default -> {
                    System.err.println("usage: EchoServerMain [--ws-port N] [--raw-port N] [--http-port N] [--io-threads N]");
                    System.exit(64);
                }
            }
            i++;
        }
        EchoServer server = new EchoServer("127.0.0.1", ioThreads);
        server.start(wsPort, rawPort, httpPort);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }, "echo-shutdown"));
        System.out.println("echo ready ws=" + server.webSocketPort() + " raw=" + server.rawSocketPort()
                + (server.httpPort() >= 0 ? " http=" + server.httpPort() : "") + " ("
                + server.ioName() + ")");
        System.out.flush();
        stop.await();
    }
}
