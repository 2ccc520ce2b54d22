package io.bondy.transport.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.SerializerKind;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Assertions the real-socket tests share. */
public final class WampAssertions {

    private static final AtomicLong REQUEST_IDS = new AtomicLong(1000);

    private WampAssertions() {
    }

    /** The client got ABORT {@code wamp.error.protocol_violation} and then the connection closed. */
    public static Abort assertAbortedForProtocolViolation(WampTestClient client) {
        Abort abort = client.next(Abort.class);
        assertThat(abort.reason()).isEqualTo(WampErrors.PROTOCOL_VIOLATION);
        assertThat(abort.details()).containsKey("message");
        assertThat(client.awaitClosed()).as("connection closed after ABORT").isTrue();
        return abort;
    }

    /**
     * The server survived whatever the test did: the session opened before it still answers, and a
     * fresh client of each transport still gets WELCOME.
     */
    public static void assertRouterStillServes(RunningServer server, WampTestClient bystander) {
        long request = REQUEST_IDS.incrementAndGet();
        bystander.send(new Subscribe(request, Map.of(), "com.example.still.alive." + request));
        assertThat(bystander.next(Subscribed.class).requestId()).isEqualTo(request);
        for (Transport transport : Transport.values()) {
            try (WampTestClient fresh = transport.open(server, SerializerKind.JSON)) {
                Welcome welcome = fresh.join();
                assertThat(welcome.session()).isPositive();
            }
        }
    }
}
