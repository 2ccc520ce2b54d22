package io.bondy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.config.RoutingLimits;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.router.AnonymousAuthenticator;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.uri.UriLimits;
import io.bondy.core.uri.UriValidator;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.WampTestClient;
import io.bondy.transport.support.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18, finding 1, over real sockets: URIs a client names are bounded before the router does any
 * work with them, and a session's routes all go when it leaves, however long they were (the removal
 * runs on the connection's event loop, whose stack is the JVM's default).
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UriLimitsTransportTest {

    /** The production message limits (16 MiB), so an 8 MB URI reaches the router. */
    private static final int MAX_MESSAGE = 16 << 20;

    @Test
    void anEightMegabytePrefixSubscriptionIsRefusedAndTheRouterStillAnswers() {
        try (RunningServer server = server(RoutingLimits.DEFAULTS);
             RawSocketClient client = RawSocketClient.open(server.rawSocketPort(), SerializerKind.JSON);
             WebSocketClient other = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
            client.join();

            // the finding's message, as its client wrote it
            client.sendFrame(0, ("[32, 1, {\"match\": \"prefix\"}, \"" + "o".repeat(8_000_000) + "\"]")
                    .getBytes(StandardCharsets.UTF_8));

            Error error = client.next(Error.class);
            assertThat(error.requestType()).isEqualTo(MessageType.SUBSCRIBE.code());
            assertThat(error.error()).isEqualTo(WampErrors.INVALID_URI);
            assertThat(message(error)).contains("wamp.uri_max_length").hasSizeLessThan(300);

            client.sendFrame(0, ("[32, 2, {\"match\": \"wildcard\"}, \"" + "a.".repeat(500_000) + "\"]")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(client.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);

            client.send(new Subscribe(3, Map.of("match", "prefix"), "com.example"));
            assertThat(client.next(Subscribed.class).requestId()).isEqualTo(3);
            other.join();
            other.send(new Publish(4, Map.of("acknowledge", true), "com.example.topic", Payload.NONE));
            assertThat(other.next(Published.class).requestId()).isEqualTo(4);
            assertThat(client.next(Event.class).details()).containsEntry("topic", "com.example.topic");
            assertThat(server.router().realm("realm1").orElseThrow().broker().table().all()).hasSize(1);
        }
    }

    @Test
    void aTwentyThousandCharacterRegistrationLeavesOnTheEventLoopAndTakesItsSiblingsAlong() {
        RoutingLimits raised = RoutingLimits.DEFAULTS.withUris(new UriLimits(100_000, 64));
        String deep = "a".repeat(20_000);
        try (RunningServer server = server(raised)) {
            try (RawSocketClient callee = RawSocketClient.open(server.rawSocketPort(), SerializerKind.MSGPACK)) {
                callee.join();
                register(callee, 1, deep, Map.of("match", "prefix"));
                register(callee, 2, "com.example.add", Map.of());
                register(callee, 3, "com.example.obj", Map.of("match", "prefix"));
                callee.send(new Goodbye(Map.of(), WampErrors.CLOSE_NORMAL));
                callee.next(Goodbye.class);
            }

            try (WebSocketClient next = WebSocketClient.open(server.webSocketPort(), SerializerKind.MSGPACK);
                 WebSocketClient caller = WebSocketClient.open(server.webSocketPort(), SerializerKind.JSON)) {
                next.join();
                register(next, 1, "com.example.add", Map.of());
                register(next, 2, deep, Map.of("match", "prefix"));
                register(next, 3, "com.example.obj", Map.of("match", "prefix"));
                caller.join();
                caller.send(new Call(4, Map.of(), "com.example.add", Payload.of(List.of(1, 2))));
                assertThat(next.next(Invocation.class).details()).doesNotContainKey("procedure");
            }
        }
    }

    private static void register(WampTestClient c, long request, String procedure, Map<String, Object> options) {
        c.send(new Register(request, options, procedure));
        assertThat(c.next(Registered.class).requestId()).isEqualTo(request);
    }

    private static String message(Error error) {
        return String.valueOf(((Payload.Arguments) error.payload()).args().get(0));
    }

    private static RunningServer server(RoutingLimits limits) {
        Router router = new Router(new RouterConfig(List.of(new RealmConfig("realm1", "test", List.of("anonymous"),
                false)), UriValidator.LOOSE, "bondy-test", limits), new AnonymousAuthenticator(), Authorizer.ALLOW_ALL,
                RouterMetrics.NOOP);
        Duration handshake = Duration.ofSeconds(10);
        Duration idle = Duration.ofSeconds(60);
        TransportConfig config = new TransportConfig(
                new WebSocketConfig(true, "127.0.0.1", 0, "/ws", MAX_MESSAGE, handshake, idle),
                new RawSocketConfig(true, "127.0.0.1", 0, MAX_MESSAGE, handshake, idle),
                2, true, 256 * 1024, 32L * 1024 * 1024);
        return new RunningServer(config, router);
    }
}
