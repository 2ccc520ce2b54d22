package io.bondy.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.config.PubSubSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Yield;
import io.bondy.core.spi.RouterMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CallMetricsTest {

    private record Completed(String realm, long nanos, boolean ok) {
    }

    private final List<Completed> completed = new CopyOnWriteArrayList<>();
    private final RouterFixture fixture = new RouterFixture(PubSubSettings.DEFAULTS, new RouterMetrics() {
        @Override
        public void callCompleted(String realm, long nanos, boolean ok) {
            completed.add(new Completed(realm, nanos, ok));
        }
    });
    private final RouterFixture.Client callee = fixture.join();
    private final RouterFixture.Client caller = fixture.join();

    @Test
    void everyAnsweredCallIsTimedOnceWithItsOutcome() {
        callee.send(new Register(1, Map.of(), "metrics.proc"));
        callee.next(Registered.class);

        caller.send(new Call(10, Map.of(), "metrics.proc", null));
        callee.send(new Yield(callee.next(Invocation.class).requestId(), Map.of(), null));
        caller.next(Result.class);
        caller.send(new Call(11, Map.of(), "metrics.proc", null));
        callee.send(new Error(MessageType.INVOCATION.code(), callee.next(Invocation.class).requestId(), Map.of(),
                "com.example.failed", null));
        caller.next(Error.class);

        assertThat(completed).extracting(Completed::ok).containsExactly(true, false);
        assertThat(completed).allSatisfy(c -> {
            assertThat(c.realm()).isEqualTo("realm1");
            assertThat(c.nanos()).isPositive();
        });
    }

    @Test
    void aCallThatFindsNoCalleeIsNotTimed() {
        caller.send(new Call(12, Map.of(), "metrics.nobody", null));
        caller.next(Error.class);
        assertThat(completed).isEmpty();
    }
}
