package io.bondy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Authenticate;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Welcome;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.core.spi.Authenticator;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.uri.UriValidator;
import io.bondy.transport.support.CountingMetrics;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawSocketClient;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.Transport;
import io.bondy.transport.support.WampTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The handshake deadline runs from accept to WELCOME on both transports: a client that gets a
 * CHALLENGE and never answers is aborted and closed at the deadline (issue 18: such connections
 * lived for the 8-hour idle timeout), a client that answers in time keeps its session.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeDeadlineTest {

    /** Long enough for a client on a loaded 2-CPU machine to connect and join, short enough for a test. */
    private static final Duration HANDSHAKE = Duration.ofSeconds(3);
    private static final String SECRET = "the-ticket";

    private static final CountingMetrics metrics = new CountingMetrics();
    private static RunningServer server;

    /** {@code ticket}: CHALLENGE, then WELCOME for the right ticket; anything else: WELCOME at once. */
    private static final Authenticator CHALLENGING = request -> {
        AuthIdentity who = new AuthIdentity("client", "user", "ticket", "test", Map.of());
        if (request.hello().authMethods().contains("ticket")) {
            return new AuthOutcome.Challenge("ticket", Map.of(), auth -> SECRET.equals(auth.signature())
                    ? new AuthOutcome.Granted(who)
                    : new AuthOutcome.Denied(WampErrors.AUTHENTICATION_FAILED, "wrong ticket"));
        }
        return new AuthOutcome.Granted(new AuthIdentity("anonymous", "anonymous", "anonymous", "test", Map.of()));
    };

    @BeforeAll
    static void start() {
        Router router = new Router(new RouterConfig(List.of(new RealmConfig("realm1", "test",
                List.of("anonymous", "ticket"), false)), UriValidator.LOOSE, "bondy-test"), CHALLENGING,
                Authorizer.ALLOW_ALL, metrics);
        server = new RunningServer(TestConfigs.with(HANDSHAKE, Duration.ofSeconds(60)), router, metrics);
        // The first WebSocket client of a JVM takes a while to start (the JDK's HttpClient): not on a deadline.
        for (Transport t : Transport.values()) {
            try (WampTestClient warmUp = t.open(server, SerializerKind.MSGPACK)) {
                warmUp.join();
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Hello ticketHello() {
        return new Hello("realm1", Map.of("roles", Map.of("subscriber", Map.of()), "authmethods", List.of("ticket"),
                "authid", "client"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientThatNeverAnswersTheChallengeIsAbortedAtTheDeadline(Transport transport) {
        String listener = transport.name().toLowerCase();
        int before = metrics.count(listener + "/handshake");
        try (WampTestClient client = transport.open(server, SerializerKind.JSON)) {
            long start = System.nanoTime();
            client.send(ticketHello());
            client.next(Challenge.class);

            Abort abort = client.next(Abort.class);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(abort.reason()).isEqualTo(WampErrors.TIMEOUT);
            assertThat((String) abort.details().get("message")).contains("handshake timeout");
            assertThat(waited).as("not before the deadline").isGreaterThanOrEqualTo(HANDSHAKE.toMillis() - 200);
            assertThat(client.awaitClosed()).isTrue();
        }
        assertThat(metrics.count(listener + "/handshake")).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientThatAnswersTheChallengeKeepsItsSessionPastTheDeadline(Transport transport) {
        try (WampTestClient client = transport.open(server, SerializerKind.MSGPACK)) {
            client.send(ticketHello());
            client.next(Challenge.class);
            client.send(new Authenticate(SECRET, Map.of()));
            client.next(Welcome.class);

            // The barrier instead of a sleep: a connection opened after this one that never sends HELLO is
            // closed by its deadline, which comes after this session's.
            try (RawSocketClient later = RawSocketClient.open(server.rawSocketPort(), SerializerKind.JSON)) {
                assertThat(later.awaitClosed()).as("the later connection's deadline passed").isTrue();
            }
            client.send(new Subscribe(1, Map.of(), "com.example.topic"));
            assertThat(client.next(Subscribed.class).requestId()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aHelloAfterGoodbyeMustReachWelcomeWithinTheTimeoutToo(Transport transport) {
        try (WampTestClient client = transport.open(server, SerializerKind.CBOR)) {
            client.join();
            client.send(new Goodbye(Map.of(), "wamp.close.close_realm"));
            client.next(Goodbye.class);

            client.send(ticketHello());
            client.next(Challenge.class);

            assertThat(client.next(Abort.class).reason()).isEqualTo(WampErrors.TIMEOUT);
            assertThat(client.awaitClosed()).isTrue();
        }
    }
}
