package io.bondy.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.bench.client.Connector;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.echo.EchoServer;
import io.bondy.core.serialization.SerializerKind;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The two-hop relay baseline: a CALL crosses the echo server's /broadcast to the reflector and its YIELD comes back. */
class RelayRequesterTest {

    private final EchoServer echo = new EchoServer("127.0.0.1", 1);
    private final Connector connector = new Connector(2);

    @AfterEach
    void stop() {
        connector.close();
        echo.close();
    }

    @Test
    void aCallCrossesTheRelayToTheReflectorAndItsYieldComesBackWithTheSendTime() throws Exception {
        echo.start(0, 0);
        Endpoint broadcast = Endpoint.webSocket("127.0.0.1", echo.webSocketPort(), "/broadcast", SerializerKind.MSGPACK);
        Requester relay = RelayRequester.connect(connector, broadcast, "bench.relay").get(10, TimeUnit.SECONDS);
        CompletableFuture<Long> reply = new CompletableFuture<>();
        relay.attach(new Requester.ReplySink() {
            @Override
            public void onReply(Requester r, long t0) {
                reply.complete(t0);
            }

            @Override
            public void onError(Requester r, String error) {
                reply.completeExceptionally(new AssertionError(error));
            }
        });
        try {
            relay.eventLoop().execute(() -> relay.send(987_654_321L));
            assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo(987_654_321L);
        } finally {
            relay.close();
        }
    }
}
