package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.message.Yield;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.testing.RecordingPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConcurrentAnswerTest {

    @Test
    void everyCallIsAnsweredExactlyOnceWhenYieldCancelAndTimeoutRace() throws Exception {
        Router router = Router.development(); // real timer thread
        RouterFixture.Client callee = join(router, List.of("call_canceling"));
        RouterFixture.Client caller = join(router, List.of());
        register(callee, "race.proc");
        int n = 300;
        for (int i = 1; i <= n; i++) {
            caller.send(new Call(i, Map.of("timeout", 1 + i % 5), "race.proc", null));
        }
        List<Long> invocations = new ArrayList<>();
        while (invocations.size() < n) {
            if (callee.peer().next(Duration.ofSeconds(5)) instanceof Invocation inv) { // timeouts interrupt some
                invocations.add(inv.requestId());
            }
        }
        CompletableFuture<Void> yields = CompletableFuture.runAsync(() ->
                invocations.forEach(id -> callee.send(new Yield(id, Map.of(), null))));
        CompletableFuture<Void> cancels = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= n; i++) {
                caller.send(new Cancel(i, Map.of("mode", "skip")));
            }
        });
        CompletableFuture.allOf(yields, cancels).get(10, TimeUnit.SECONDS);

        List<Long> answered = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WampMessage m = caller.peer().next(Duration.ofSeconds(5));
            answered.add(m instanceof Result r ? r.requestId() : ((Error) m).requestId());
        }
        assertThat(answered).doesNotHaveDuplicates().hasSize(n);
        assertThat(caller.peer().drain()).isEmpty();
        assertThat(router.realm("realm1").orElseThrow().dealer().pendingCalls().inFlight()).isZero();
        router.shutdown();
    }

    @Test
    void theDefaultSchedulerFiresACallTimeout() {
        Router router = Router.development();
        RouterFixture.Client callee = join(router, List.of());
        RouterFixture.Client caller = join(router, List.of());
        register(callee, "race.timeout");
        caller.send(new Call(1, Map.of("timeout", 20), "race.timeout", null));
        assertThat(caller.next(Error.class).error()).isEqualTo("wamp.error.timeout");
        router.shutdown();
    }

    @Test
    void welcomeAnnouncesTheDealerFeatures() {
        Router router = Router.development();
        RecordingPeer peer = new RecordingPeer();
        router.open(peer).receive(new io.bondy.core.message.Hello("realm1", Map.of("roles", Map.of("caller", Map.of()))));
        Map<?, ?> roles = (Map<?, ?>) peer.next(Welcome.class).details().get("roles");
        Map<?, ?> features = (Map<?, ?>) ((Map<?, ?>) roles.get("dealer")).get("features");
        assertThat(features.keySet()).map(Object::toString).contains("progressive_call_results",
                "progressive_call_invocations", "call_timeout", "call_canceling", "caller_identification",
                "pattern_based_registration", "shared_registration", "sharded_registration", "call_trustlevels",
                "registration_meta_api", "session_meta_api", "testament_meta_api");
    }

    private static RouterFixture.Client join(Router router, List<String> features) {
        Map<String, Object> flags = new java.util.HashMap<>();
        features.forEach(f -> flags.put(f, true));
        RecordingPeer peer = new RecordingPeer();
        WampSession session = router.open(peer);
        session.receive(new io.bondy.core.message.Hello("realm1", Map.of("roles", Map.of(
                "caller", Map.of("features", flags), "callee", Map.of("features", flags)))));
        peer.next(Welcome.class);
        return new RouterFixture.Client(session, peer);
    }
}
