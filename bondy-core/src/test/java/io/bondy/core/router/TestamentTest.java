package io.bondy.core.router;

import static io.bondy.core.router.Rpc.call;
import static io.bondy.core.router.Rpc.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Payload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestamentTest {

    private final RouterFixture fixture = new RouterFixture(new RpcSettings(100, 1000, Duration.ZERO,
            Duration.ofSeconds(1), RpcSettings.CallerDisclosure.ON_REQUEST, RpcSettings.TrustLevels.OFF, 2));
    private final RouterFixture.Client watcher = fixture.join();
    private final RouterFixture.Client client = fixture.join();

    @Test
    void testamentsArePublishedWhenTheTransportIsLostDetachedBeforeDestroyed() {
        subscribe(watcher, "com.app.gone");
        call(client, "wamp.session.add_testament", List.of("com.app.gone", List.of("destroyed"), Map.of("k", 1)));
        call(client, "wamp.session.add_testament", List.of("com.app.gone", List.of("detached")),
                Map.of("scope", "detached"));

        client.session().transportClosed();

        assertThat(watcher.next(Event.class).payload()).isEqualTo(Payload.of(List.of("detached"), Map.of()));
        assertThat(watcher.next(Event.class).payload()).isEqualTo(Payload.of(List.of("destroyed"), Map.of("k", 1)));
    }

    @Test
    void testamentsArePublishedOnAGoodbyeToo() {
        subscribe(watcher, "com.app.bye");
        call(client, "wamp.session.add_testament", List.of("com.app.bye", List.of(1)));
        client.send(new Goodbye(Map.of(), WampErrors.CLOSE_NORMAL));
        assertThat(watcher.next(Event.class).payload()).isEqualTo(Payload.of(List.of(1), Map.of()));
    }

    @Test
    void flushedTestamentsAreNotPublished() {
        subscribe(watcher, "com.app.flushed");
        call(client, "wamp.session.add_testament", List.of("com.app.flushed", List.of()));
        call(client, "wamp.session.flush_testaments", List.of());
        client.send(new Abort(Map.of(), "wamp.close.normal"));
        assertThat(watcher.peer().drain()).isEmpty();
    }

    @Test
    void aSessionHoldsABoundedNumberOfTestamentsPerScope() {
        call(client, "wamp.session.add_testament", List.of("com.app.t", List.of()));
        call(client, "wamp.session.add_testament", List.of("com.app.t", List.of()));
        client.send(new Call(1, Map.of(), "wamp.session.add_testament", Payload.of(List.of("com.app.t", List.of()))));
        assertThat(client.next(Error.class).error()).isEqualTo("bondy.error.too_many_testaments");
    }

    @Test
    void badTopicOrScopeIsRefused() {
        client.send(new Call(2, Map.of(), "wamp.session.add_testament", Payload.of(List.of("bad topic", List.of()))));
        assertThat(client.next(Error.class).error()).isEqualTo(WampErrors.INVALID_URI);
        client.send(new Call(3, Map.of(), "wamp.session.add_testament",
                Payload.of(List.of("com.app.t", List.of()), Map.of("scope", "forever"))));
        assertThat(client.next(Error.class).error()).isEqualTo(WampErrors.INVALID_ARGUMENT);
    }
}
