package io.bondy.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.bench.echo.EchoServer;
import io.bondy.core.message.Call;
import io.bondy.core.message.Payload;
import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load generator's transports against the in-process echo server (no benchmark runs here). */
class LoadGeneratorClientTest {

    private static EchoServer echo;
    private static Connector connector;

    @BeforeAll
    static void start() {
        echo = new EchoServer("127.0.0.1", 1);
        echo.start(0, 0);
        connector = new Connector(1);
    }

    @AfterAll
    static void stop() {
        connector.close();
        echo.close();
    }

    @Test
    void webSocketJsonCallComesBackFromTheEchoServer() throws Exception {
        assertEchoed(Endpoint.webSocket("127.0.0.1", echo.webSocketPort(), "/ws", SerializerKind.JSON));
    }

    @Test
    void webSocketMsgPackCallComesBackFromTheEchoServer() throws Exception {
        assertEchoed(Endpoint.webSocket("127.0.0.1", echo.webSocketPort(), "/ws", SerializerKind.MSGPACK));
    }

    @Test
    void rawSocketMsgPackCallComesBackFromTheEchoServer() throws Exception {
        assertEchoed(Endpoint.rawSocket("127.0.0.1", echo.rawSocketPort(), SerializerKind.MSGPACK));
    }

    @Test
    void connectingToAClosedPortFails() {
        int unused = echo.rawSocketPort() == 1 ? 2 : 1;
        assertThatThrownBy(() -> connector.connect(Endpoint.rawSocket("127.0.0.1", unused, SerializerKind.JSON),
                (c, p) -> { }).get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    private static void assertEchoed(Endpoint endpoint) throws Exception {
        Serializer serializer = Serializers.of(endpoint.serializer());
        CompletableFuture<WampMessage> received = new CompletableFuture<>();
        BenchConnection conn = connector.connect(endpoint, (c, payload) -> received.complete(serializer.decode(payload)))
                .get(10, TimeUnit.SECONDS);
        try {
            Call call = new Call(7, Map.of(), "bench.echo", Payload.of(List.of(123_456_789L, "x")));
            conn.send(serializer.encode(call));
            WampMessage back = received.get(10, TimeUnit.SECONDS);
            assertThat(back).isInstanceOf(Call.class);
            Call echoed = (Call) back;
            assertThat(echoed.requestId()).isEqualTo(7);
            assertThat(echoed.procedure()).isEqualTo("bench.echo");
            assertThat(((Number) ((Payload.Arguments) echoed.payload()).args().get(0)).longValue()).isEqualTo(123_456_789L);
        } finally {
            conn.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
