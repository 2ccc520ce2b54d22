package io.bondy.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.bench.client.Connector;
import io.bondy.bench.client.Endpoint;
import io.bondy.bench.echo.EchoServer;
import io.bondy.core.serialization.SerializerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The two-hop relay baseline: a CALL crosses the echo server's /relay/KEY to its reflector and the YIELD comes back. */
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
        Endpoint server = Endpoint.webSocket("127.0.0.1", echo.webSocketPort(), "/", SerializerKind.MSGPACK);
        Requester relay = RelayRequester.connect(connector, server, "bench.relay").get(10, TimeUnit.SECONDS);
        try {
            assertThat(roundTrip(relay, 987_654_321L).get(10, TimeUnit.SECONDS)).isEqualTo(987_654_321L);
        } finally {
            relay.close();
        }
    }

    @Test
    void manyRelaysAtOnceEachGetTheirOwnReplyOnly() throws Exception {
        echo.start(0, 0);
        Endpoint server = Endpoint.webSocket("127.0.0.1", echo.webSocketPort(), "/", SerializerKind.JSON);
        List<Requester> relays = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                relays.add(RelayRequester.connect(connector, server, "bench.relay").get(10, TimeUnit.SECONDS));
            }
            List<CompletableFuture<Long>> replies = new ArrayList<>();
            for (int i = 0; i < relays.size(); i++) {
                replies.add(roundTrip(relays.get(i), 1000L + i));
            }
            for (int i = 0; i < relays.size(); i++) {
                assertThat(replies.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(1000L + i);
            }
            Thread.sleep(200); // a frame sent to every member (as /broadcast does) would show up as a second reply
            for (Requester relay : relays) {
                assertThat(((Counting) relayReplies(relay)).count).isEqualTo(1);
            }
        } finally {
            relays.forEach(Requester::close);
        }
    }

    /** Sends one request carrying {@code t0} and completes with the t0 of the first reply. */
    private static CompletableFuture<Long> roundTrip(Requester relay, long t0) {
        CompletableFuture<Long> reply = new CompletableFuture<>();
        relay.attach(new Counting(reply));
        relay.eventLoop().execute(() -> relay.send(t0));
        return reply;
    }

    private static Requester.ReplySink relayReplies(Requester relay) {
        return relay.sink;
    }

    private static final class Counting implements Requester.ReplySink {
        private final CompletableFuture<Long> first;
        volatile int count;

        Counting(CompletableFuture<Long> first) {
            this.first = first;
        }

        @Override
        public void onReply(Requester r, long t0) {
            count++;
            first.complete(t0);
        }

        @Override
        public void onError(Requester r, String error) {
            count++;
            first.completeExceptionally(new AssertionError(error));
        }
    }
}
