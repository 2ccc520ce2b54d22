package io.bondy.bench.jawampa;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import ws.wamp.jawampa.WampRouter;
import ws.wamp.jawampa.WampRouterBuilder;
import ws.wamp.jawampa.transport.netty.SimpleWampWebsocketListener;

/**
 * {@code JawampaRouterMain PORT}: jawampa's router with realm {@code realm1} on
 * {@code ws://127.0.0.1:PORT/ws} (subprotocols wamp.2.json and wamp.2.msgpack), until SIGTERM.
 * Prints {@code jawampa ready} once listening: bench/run.sh waits for that line.
 */
public final class JawampaRouterMain {

    private JawampaRouterMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: JawampaRouterMain PORT");
            System.exit(64);
        }
        int port = Integer.parseInt(args[0]);
        WampRouter router = new WampRouterBuilder().addRealm("realm1").build();
        SimpleWampWebsocketListener listener =
                new SimpleWampWebsocketListener(router, URI.create("ws://127.0.0.1:" + port + "/ws"), null);
        listener.start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.stop();
            // Not waiting for router.close(): jawampa completes it only after closing at least one
            // connection, so with none left it would never complete.
            router.close();
            stop.countDown();
        }, "jawampa-shutdown"));
        System.out.println("jawampa ready on ws://127.0.0.1:" + port + "/ws");
        System.out.flush();
        stop.await();
    }
}
