package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.config.PubSubSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Event;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.Yield;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadPassthruAndTrustLevelTest {

    private static final Map<String, Object> PPT = Map.of("ppt_scheme", "x_custom", "ppt_serializer", "cbor",
            "ppt_cipher", "xsalsa20poly1305", "ppt_keyid", "key-1");
    private static final byte[] SECRET = {0, 1, 2, (byte) 0xff, 42};

    private final RouterFixture fixture = new RouterFixture(PubSubSettings.DEFAULTS.withTrustLevels(List.of(
            new PubSubSettings.TrustLevelRule("com.sensors.", "device", 2),
            new PubSubSettings.TrustLevelRule(null, "admin", 5))));
    private final RouterFixture.Client device = fixture.joinAs("d1", "device");
    private final RouterFixture.Client admin = fixture.joinAs("root", "admin");
    private final RouterFixture.Client guest = fixture.joinAs("g", "guest");
    private final RouterFixture.Client subscriber = fixture.joinAs("s", "guest");

    @Test
    void publishedTransparentPayloadReachesSubscribersUntouchedWithItsPptAttributes() {
        subscribe("com.secret", "exact");

        device.send(new Publish(1, PPT, "com.secret", new Payload.Transparent(SECRET)));

        Event e = subscriber.next(Event.class);
        assertThat(e.payload()).isEqualTo(new Payload.Transparent(SECRET));
        assertThat(e.details()).containsAllEntriesOf(PPT);
    }

    @Test
    void callAndYieldForwardPptAttributesToInvocationAndResult() {
        guest.send(new Register(1, Map.of(), "com.secret.rpc"));
        guest.next(Registered.class);

        device.send(new Call(2, PPT, "com.secret.rpc", new Payload.Transparent(SECRET)));
        Invocation inv = guest.next(Invocation.class);
        assertThat(inv.details()).containsAllEntriesOf(PPT);
        assertThat(inv.payload()).isEqualTo(new Payload.Transparent(SECRET));

        guest.send(new Yield(inv.requestId(), Map.of("ppt_scheme", "x_custom"), new Payload.Transparent(new byte[] {7})));
        Result result = device.next(Result.class);
        assertThat(result.details()).containsEntry("ppt_scheme", "x_custom").hasSize(1);
        assertThat(result.payload()).isEqualTo(new Payload.Transparent(new byte[] {7}));
    }

    @Test
    void callWithoutPptGetsInvocationAndResultWithoutPptDetails() {
        guest.send(new Register(1, Map.of(), "com.plain.rpc"));
        guest.next(Registered.class);
        device.send(new Call(2, Map.of(), "com.plain.rpc", Payload.of(List.of(1))));
        Invocation inv = guest.next(Invocation.class);
        guest.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of(2))));

        assertThat(inv.details()).isEmpty();
        assertThat(device.next(Result.class).details()).isEmpty();
    }

    @Test
    void trustLevelComesFromTheFirstMatchingRuleAndIsAbsentWhenNoneMatches() {
        subscribe("com.", "prefix");

        device.send(new Publish(1, Map.of(), "com.sensors.t1", null));
        admin.send(new Publish(2, Map.of(), "com.sensors.t1", null));
        device.send(new Publish(3, Map.of(), "com.other", null));
        guest.send(new Publish(4, Map.of(), "com.sensors.t1", null));

        assertThat(subscriber.peer().drain()).map(m -> ((Event) m).details().get("trustlevel"))
                .containsExactly(2, 5, null, null);
    }

    private void subscribe(String topic, String match) {
        subscriber.send(new Subscribe(1, Map.of("match", match), topic));
        subscriber.next(Subscribed.class);
    }
}
