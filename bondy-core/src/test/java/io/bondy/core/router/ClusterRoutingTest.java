package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static io.bondy.core.router.Rpc.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Result;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import io.bondy.core.message.Yield;
import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.router.relay.RelayMessage;
import io.bondy.core.router.rpc.CallTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls and publications across the routers of one cluster (in-memory relay; see {@link InMemoryCluster}). */
class ClusterRoutingTest {

    private final InMemoryCluster cluster = InMemoryCluster.of("a", "b", "c");

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void callerOnOneNodeReachesCalleeOnAnotherAndGetsTheResult() {
        RouterFixture.Client callee = cluster.join("c");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.add");
        cluster.settle();

        caller.send(new Call(7, Map.of(), "com.example.add", Payload.of(List.of(2, 3))));
        Invocation inv = callee.next(Invocation.class);
        assertThat(inv.payload()).isEqualTo(Payload.of(List.of(2, 3)));
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of(5))));

        Result result = caller.next(Result.class);
        assertThat(result.requestId()).isEqualTo(7);
        assertThat(result.payload()).isEqualTo(Payload.of(List.of(5)));
        assertThat(cluster.routing("a").stats()).containsEntry("forwarded_calls", 1L);
    }

    @Test
    void calleeSeesTheRemoteCallersIdentityWhenDisclosed() {
        RouterFixture.Client callee = cluster.join("b");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.who", Map.of("disclose_caller", true));
        cluster.settle();

        caller.send(new Call(1, Map.of(), "com.example.who", null));
        Invocation inv = callee.next(Invocation.class);
        assertThat(inv.details()).containsEntry("caller", caller.id());
    }

    @Test
    void progressiveResultsAndInvocationsCrossNodesInOrder() {
        RouterFixture.Client callee = cluster.join("b");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.stream");
        cluster.settle();

        caller.send(new Call(3, Map.of("receive_progress", true, "progress", true), "com.example.stream",
                Payload.of(List.of("chunk-1"))));
        Invocation first = callee.next(Invocation.class);
        caller.send(new Call(3, Map.of("progress", true), "com.example.stream", Payload.of(List.of("chunk-2"))));
        caller.send(new Call(3, Map.of(), "com.example.stream", Payload.of(List.of("chunk-3"))));
        assertThat(callee.next(Invocation.class).payload()).isEqualTo(Payload.of(List.of("chunk-2")));
        assertThat(callee.next(Invocation.class).payload()).isEqualTo(Payload.of(List.of("chunk-3")));

        for (int i = 1; i <= 3; i++) {
            callee.send(new Yield(first.requestId(), Map.of("progress", true), Payload.of(List.of(i))));
        }
        callee.send(new Yield(first.requestId(), Map.of(), Payload.of(List.of("done"))));
        for (int i = 1; i <= 3; i++) {
            Result r = caller.next(Result.class);
            assertThat(r.details()).containsEntry("progress", true);
            assertThat(r.payload()).isEqualTo(Payload.of(List.of(i)));
        }
        assertThat(caller.next(Result.class).payload()).isEqualTo(Payload.of(List.of("done")));
    }

    @Test
    void cancelKillInterruptsTheRemoteCalleeAndTheCallerGetsCanceled() {
        RouterFixture.Client callee = cluster.join("c");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.slow");
        cluster.settle();

        caller.send(new Call(9, Map.of(), "com.example.slow", null));
        Invocation inv = callee.next(Invocation.class);
        caller.send(new Cancel(9, Map.of("mode", "killnowait")));

        assertThat(callee.next(Interrupt.class).requestId()).isEqualTo(inv.requestId());
        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(9);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
    }

    @Test
    void theCalleesNodeRunsTheCallTimeoutAndTheCallerGetsTheError() {
        RouterFixture.Client callee = cluster.join("c");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.timed");
        cluster.settle();

        caller.send(new Call(4, Map.of("timeout", 500), "com.example.timed", null));
        Invocation inv = callee.next(Invocation.class);
        cluster.node("a").scheduler.advance(java.time.Duration.ofSeconds(1)); // not the caller's node's timer
        cluster.settle();
        assertThat(caller.peer().drain()).isEmpty();
        cluster.node("c").scheduler.advance(java.time.Duration.ofMillis(500));

        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(4);
        assertThat(error.error()).isEqualTo(WampErrors.TIMEOUT);
        assertThat(callee.next(Interrupt.class).requestId()).isEqualTo(inv.requestId());
    }

    @Test
    void jumpConsistentHashSendsOneKeyToTheSameCalleeFromEveryNode() {
        RouterFixture.Client onB = cluster.join("b");
        RouterFixture.Client onC = cluster.join("c");
        register(onB, "com.example.shard", Map.of("invoke", "jump_consistent_hash"));
        register(onC, "com.example.shard", Map.of("invoke", "jump_consistent_hash"));
        cluster.settle();

        for (String key : List.of("k1", "k2", "k3", "k4", "k5", "k6")) {
            List<RouterFixture.Client> chosen = new ArrayList<>();
            for (String from : List.of("a", "b", "c")) {
                RouterFixture.Client caller = cluster.join(from);
                caller.send(new Call(1, Map.of("rkey", key), "com.example.shard", null));
                cluster.settle();
                RouterFixture.Client got = onB.peer().drain().isEmpty() ? onC : onB;
                if (got == onC) {
                    assertThat(onC.peer().drain()).hasSize(1);
                }
                chosen.add(got);
            }
            assertThat(chosen).as("callee of key %s from a, b, c", key).containsOnly(chosen.get(0));
        }
    }

    @Test
    void theSessionMetaApiCountsListsAndGetsSessionsOfEveryNode() {
        RouterFixture.Client onA = cluster.join("a");
        RouterFixture.Client onB = cluster.join("b");
        RouterFixture.Client onC = cluster.join("c");
        cluster.settle();

        assertThat(Rpc.first(Rpc.call(onA, "wamp.session.count", List.of()))).isEqualTo(3);
        List<Long> listed = ((List<?>) Rpc.first(Rpc.call(onA, "wamp.session.list", List.of()))).stream()
                .map(o -> ((Number) o).longValue()).toList();
        assertThat(listed).containsExactlyInAnyOrder(onA.id(), onB.id(), onC.id());
        Map<?, ?> details = (Map<?, ?>) Rpc.first(Rpc.call(onA, "wamp.session.get", List.of(onC.id())));
        assertThat(((Number) details.get("session")).longValue()).isEqualTo(onC.id());

        onB.session().transportClosed();
        cluster.cut("c");
        cluster.settle();
        assertThat(Rpc.first(Rpc.call(onA, "wamp.session.count", List.of()))).isEqualTo(1);
        cluster.heal("c");
        assertThat(Rpc.first(Rpc.call(onA, "wamp.session.count", List.of()))).isEqualTo(2);
    }

    @Test
    void aRegistrationHasOneIdOnEveryNodeWhereverItsCalleesAreAndWhereverItIsLookedUp() {
        long onA = register(cluster.join("a"), "com.example.one.id", Map.of("invoke", "roundrobin"));
        long onB = register(cluster.join("b"), "com.example.one.id", Map.of("invoke", "roundrobin"));
        RouterFixture.Client single = cluster.join("c");
        long elsewhere = register(single, "com.example.other.id");
        cluster.settle();

        assertThat(onB).isEqualTo(onA);
        assertThat(elsewhere).isNotEqualTo(onA);
        for (String node : List.of("a", "b", "c")) {
            RouterFixture.Client asker = cluster.join(node);
            assertThat(((Number) Rpc.first(Rpc.call(asker, "wamp.registration.lookup", List.of("com.example.one.id"))))
                    .longValue()).as("on " + node).isEqualTo(onA);
            assertThat(((Number) Rpc.first(Rpc.call(asker, "wamp.registration.lookup", List.of("com.example.other.id"))))
                    .longValue()).as("on " + node).isEqualTo(elsewhere);
        }
        // and an invocation carries it on the callee's node, whichever node the caller is on
        RouterFixture.Client caller = cluster.join("a");
        caller.send(new Call(77, Map.of(), "com.example.other.id", null));
        Invocation inv = single.next(Invocation.class);
        assertThat(inv.registrationId()).isEqualTo(elsewhere);
        single.send(new Yield(inv.requestId(), Map.of(), null));
        assertThat(caller.next(Result.class).requestId()).isEqualTo(77);
    }

    @Test
    void aSubscriptionHasOneIdOnEveryNodeWhereverItsSubscribersAreAndWhereverItIsLookedUp() {
        long onA = subscribe(cluster.join("a"), "com.example.one.topic");
        long onB = subscribe(cluster.join("b"), "com.example.one.topic");
        RouterFixture.Client prefix = cluster.join("c");
        prefix.send(new io.bondy.core.message.Subscribe(901, Map.of("match", "prefix"), "com.example.one"));
        long prefixId = prefix.next(io.bondy.core.message.Subscribed.class).subscriptionId();
        cluster.settle();

        assertThat(onB).isEqualTo(onA);
        assertThat(prefixId).as("another match policy is another subscription").isNotEqualTo(onA);
        for (String node : List.of("a", "b", "c")) {
            RouterFixture.Client asker = cluster.join(node);
            assertThat(((Number) Rpc.first(Rpc.call(asker, "wamp.subscription.lookup", List.of("com.example.one.topic"))))
                    .longValue()).as("on " + node).isEqualTo(onA);
            assertThat(((Number) Rpc.first(Rpc.call(asker, "wamp.subscription.lookup", List.of("com.example.one",
                    Map.of("match", "prefix"))))).longValue()).as("on " + node).isEqualTo(prefixId);
        }
    }

    @Test
    void registrationAndSubscriptionMetaApiCountCalleesAndSubscribersOfEveryNode() {
        List<RouterFixture.Client> callees = List.of(cluster.join("a"), cluster.join("b"), cluster.join("c"));
        for (RouterFixture.Client c : callees) {
            register(c, "com.example.everywhere", Map.of("invoke", "roundrobin"));
            subscribe(c, "com.example.news");
        }
        cluster.settle();
        RouterFixture.Client asker = cluster.join("a");
        Object regId = Rpc.first(Rpc.call(asker, "wamp.registration.lookup", List.of("com.example.everywhere")));
        List<Long> listed = ((List<?>) Rpc.first(Rpc.call(asker, "wamp.registration.list_callees", List.of(regId))))
                .stream().map(o -> ((Number) o).longValue()).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(callees.stream().map(RouterFixture.Client::id).toList());
        assertThat(Rpc.first(Rpc.call(asker, "wamp.registration.count_callees", List.of(regId)))).isEqualTo(3);

        Object subId = Rpc.first(Rpc.call(asker, "wamp.subscription.lookup", List.of("com.example.news")));
        assertThat(Rpc.first(Rpc.call(asker, "wamp.subscription.count_subscribers", List.of(subId)))).isEqualTo(3);

        cluster.cut("c"); // a node that is gone is not waited for
        assertThat(Rpc.first(Rpc.call(asker, "wamp.registration.count_callees", List.of(regId)))).isEqualTo(2);
    }

    @Test
    void theMetaApiAnswersWithWhatArrivedWhenANodeDoesNotAnswerInTime() {
        register(cluster.join("a"), "com.example.slow", Map.of("invoke", "roundrobin"));
        register(cluster.join("b"), "com.example.slow", Map.of("invoke", "roundrobin"));
        cluster.settle();
        RouterFixture.Client asker = cluster.join("a");
        Object regId = Rpc.first(Rpc.call(asker, "wamp.registration.lookup", List.of("com.example.slow")));
        java.util.concurrent.CountDownLatch release = cluster.hold("b");

        asker.send(new Call(77, Map.of(), "wamp.registration.count_callees", Payload.of(List.of(regId))));
        assertThat(asker.peer().drain()).isEmpty();
        cluster.node("a").scheduler.advance(ClusterRouting.DEFAULT_QUERY_TIMEOUT);

        Result partial = asker.next(Result.class);
        assertThat(partial.requestId()).isEqualTo(77);
        assertThat(Rpc.first(partial)).isEqualTo(1); // a's own callee only
        release.countDown();
    }

    @Test
    void aSessionOfAnotherNodeCanBeKilledThroughTheSessionMetaApi() {
        RouterFixture.Client victim = cluster.join("c");
        RouterFixture.Client admin = cluster.join("a");
        cluster.settle();

        Rpc.call(admin, "wamp.session.kill", List.of(victim.id()));

        io.bondy.core.message.Goodbye bye = victim.next(io.bondy.core.message.Goodbye.class);
        assertThat(bye.reason()).isEqualTo(WampErrors.KILLED);
    }

    @Test
    void aCallThatReachesANodeWhoseCalleeJustLeftIsRoutedToAnotherCallee() {
        RouterFixture.Client onB = cluster.join("b");
        RouterFixture.Client onC = cluster.join("c");
        register(onB, "com.example.moving", Map.of("invoke", "first"));
        cluster.settle();
        register(onC, "com.example.moving", Map.of("invoke", "first"));
        cluster.settle();
        RouterFixture.Client caller = cluster.join("a");

        java.util.concurrent.CountDownLatch release = cluster.hold("a"); // a learns of b's departure late
        onB.session().transportClosed();
        caller.send(new Call(5, Map.of(), "com.example.moving", Payload.of(List.of("x")))); // still goes to b
        release.countDown();

        Invocation inv = onC.next(Invocation.class);
        onC.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("from c"))));
        Result result = caller.next(Result.class);
        assertThat(result.requestId()).isEqualTo(5);
        assertThat(result.payload()).isEqualTo(Payload.of(List.of("from c")));
        cluster.settle();
        assertThat(caller.peer().drain()).isEmpty();
    }

    @Test
    void aLocalCalleeIsPreferredToOthersOfASharedRegistration() {
        RouterFixture.Client remote = cluster.join("b");
        RouterFixture.Client local = cluster.join("a");
        RouterFixture.Client caller = cluster.join("a");
        register(remote, "com.example.shared", Map.of("invoke", "roundrobin"));
        cluster.settle();
        register(local, "com.example.shared", Map.of("invoke", "roundrobin"));

        for (int i = 0; i < 4; i++) {
            caller.send(new Call(100 + i, Map.of(), "com.example.shared", null));
            Invocation inv = local.next(Invocation.class);
            local.send(new Yield(inv.requestId(), Map.of(), null));
            caller.next(Result.class);
        }
        assertThat(remote.peer().drain()).isEmpty();
    }

    @Test
    void aSharedRegistrationOnlyOnOtherNodesIsServedRoundRobinAcrossThem() {
        RouterFixture.Client onB = cluster.join("b");
        RouterFixture.Client onC = cluster.join("c");
        RouterFixture.Client caller = cluster.join("a");
        register(onB, "com.example.rr", Map.of("invoke", "roundrobin"));
        register(onC, "com.example.rr", Map.of("invoke", "roundrobin"));
        cluster.settle();

        int[] served = new int[2];
        for (int i = 0; i < 4; i++) {
            caller.send(new Call(200 + i, Map.of(), "com.example.rr", null));
            cluster.settle();
            RouterFixture.Client callee = onB.peer().drain().isEmpty() ? onC : onB;
            // the drained message (if b) was the invocation; answer through whichever got it
            if (callee == onC) {
                Invocation inv = onC.next(Invocation.class);
                onC.send(new Yield(inv.requestId(), Map.of(), null));
                served[1]++;
            } else {
                served[0]++;
            }
        }
        assertThat(served).containsExactly(2, 2);
    }

    @Test
    void aSingleRegistrationOnAnotherNodeRefusesASecondOneHere() {
        register(cluster.join("b"), "com.example.only");
        cluster.settle();
        RouterFixture.Client here = cluster.join("a");
        here.send(new io.bondy.core.message.Register(1, Map.of(), "com.example.only"));
        assertThat(here.next(Error.class).error()).isEqualTo(WampErrors.PROCEDURE_ALREADY_EXISTS);
    }

    @Test
    void anUnregisteredRemoteProcedureIsNoLongerCalled() {
        RouterFixture.Client callee = cluster.join("b");
        RouterFixture.Client caller = cluster.join("a");
        long reg = register(callee, "com.example.gone");
        cluster.settle();
        callee.send(new Unregister(50, reg));
        callee.next(Unregistered.class);
        cluster.settle();

        caller.send(new Call(1, Map.of(), "com.example.gone", null));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
    }

    @Test
    void whenTheCalleesNodeLeavesCallsInFlightFailAtOnceAndItsRoutesGo() {
        RouterFixture.Client callee = cluster.join("c");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.hang");
        cluster.settle();
        caller.send(new Call(11, Map.of(), "com.example.hang", null));
        callee.next(Invocation.class);

        cluster.cut("c");

        Error failed = caller.next(Error.class);
        assertThat(failed.requestId()).isEqualTo(11);
        assertThat(failed.error()).isEqualTo(WampErrors.CANCELED);
        caller.send(new Call(12, Map.of(), "com.example.hang", null));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
        // and the callee's node, cut off, interrupted the call of the caller it can no longer answer
        assertThat(callee.next(Interrupt.class)).isNotNull();
    }

    @Test
    void aNodeThatComesBackAnnouncesItsRoutesAgain() {
        RouterFixture.Client callee = cluster.join("c");
        register(callee, "com.example.back");
        cluster.settle();
        cluster.cut("c");
        cluster.heal("c");

        RouterFixture.Client caller = cluster.join("a");
        caller.send(new Call(1, Map.of(), "com.example.back", null));
        Invocation inv = callee.next(Invocation.class);
        callee.send(new Yield(inv.requestId(), Map.of(), null));
        assertThat(caller.next(Result.class).requestId()).isEqualTo(1);
    }

    @Test
    void whenTheCallerLeavesItsRemoteCallIsInterrupted() {
        RouterFixture.Client callee = cluster.join("b");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.long");
        cluster.settle();
        caller.send(new Call(1, Map.of(), "com.example.long", null));
        callee.next(Invocation.class);

        caller.session().transportClosed();

        assertThat(callee.next(Interrupt.class)).isNotNull();
    }

    @Test
    void everySubscriberOnEveryNodeGetsEveryEventOfAPublisherInOrder() {
        RouterFixture.Client subA = cluster.join("a");
        RouterFixture.Client subB = cluster.join("b");
        RouterFixture.Client subB2 = cluster.join("b");
        RouterFixture.Client subC = cluster.join("c");
        for (RouterFixture.Client s : List.of(subA, subB, subB2, subC)) {
            subscribe(s, "com.example.ticks");
        }
        cluster.settle();
        RouterFixture.Client publisher = cluster.join("b");

        for (int i = 0; i < 200; i++) {
            publisher.send(new Publish(i + 1, Map.of(), "com.example.ticks", Payload.of(List.of(i))));
        }
        for (RouterFixture.Client s : List.of(subA, subB, subB2, subC)) {
            List<Object> got = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                got.add(((Payload.Arguments) s.next(Event.class).payload()).args().get(0));
            }
            assertThat(got).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).boxed()
                    .map(i -> (Object) i).toList());
        }
        // one relay per publication per node with subscribers (a and c), not per subscriber
        assertThat(cluster.routing("b").stats()).containsEntry("relayed_publications", 400L);
    }

    @Test
    void patternSubscriptionsAndExclusionWorkAcrossNodes() {
        RouterFixture.Client wildcard = cluster.join("c");
        wildcard.send(new io.bondy.core.message.Subscribe(1, Map.of("match", "wildcard"), "com..temp"));
        wildcard.next(io.bondy.core.message.Subscribed.class);
        RouterFixture.Client excluded = cluster.join("c");
        subscribe(excluded, "com.room.temp");
        cluster.settle();
        RouterFixture.Client publisher = cluster.join("a");

        publisher.send(new Publish(5, Map.of("acknowledge", true, "exclude", List.of(excluded.id())),
                "com.room.temp", Payload.of(List.of(21.5))));
        assertThat(publisher.next(Published.class).requestId()).isEqualTo(5);
        Event event = wildcard.next(Event.class);
        assertThat(event.details()).containsEntry("topic", "com.room.temp");
        cluster.settle();
        assertThat(excluded.peer().drain()).isEmpty();
    }

    @Test
    void unsubscribedNodesGetNoMorePublications() {
        RouterFixture.Client sub = cluster.join("c");
        long id = subscribe(sub, "com.example.once");
        cluster.settle();
        sub.send(new io.bondy.core.message.Unsubscribe(2, id));
        sub.next(io.bondy.core.message.Unsubscribed.class);
        cluster.settle();

        RouterFixture.Client publisher = cluster.join("a");
        publisher.send(new Publish(1, Map.of(), "com.example.once", null));
        cluster.settle();
        assertThat(sub.peer().drain()).isEmpty();
        assertThat(cluster.routing("a").stats()).containsEntry("relayed_publications", 0L);
    }

    @Test
    void aForwardedCallWhoseCalleeIsGoneOrWhoseRealmIsMissingThereFailsWithNoSuchProcedure() {
        RouterFixture.Client caller = cluster.join("a");
        String realm = caller.session().realmUri();
        // as if b had announced a callee that left before the call arrived
        assertThat(cluster.routing("a").forwardCall(realm, caller.session(), new Call(1, Map.of(), "x.gone", null), "b"))
                .isTrue();
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);

        CallTables.remoteCalls(caller.session()).put(2L, "b");
        cluster.routing("b").receive("a", RelayMessage.encode(new RelayMessage.Forward("realm.unknown",
                new RelayMessage.Origin(caller.id(), caller.session().identity(), "websocket", Map.of()),
                new Call(2, Map.of(), "x.y", null))));
        Error missing = caller.next(Error.class);
        assertThat(missing.requestId()).isEqualTo(2);
        assertThat(missing.error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
        assertThat(CallTables.remoteCalls(caller.session())).isEmpty();
    }
}
