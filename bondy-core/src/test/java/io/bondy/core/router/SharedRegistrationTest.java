package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Register;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import io.bondy.core.message.Yield;
import io.bondy.core.router.rpc.JumpConsistentHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedRegistrationTest {

    private final RouterFixture fixture = new RouterFixture();
    private final RouterFixture.Client caller = fixture.join();
    private final List<RouterFixture.Client> callees = List.of(fixture.join(), fixture.join(), fixture.join());

    @Test
    void allCalleesOfASharedRegistrationShareOneRegistrationId() {
        Set<Long> ids = new HashSet<>();
        for (RouterFixture.Client c : callees) {
            ids.add(register(c, "s.shared", Map.of("invoke", "roundrobin")));
        }
        assertThat(ids).hasSize(1);
    }

    @Test
    void roundRobinCyclesThroughCalleesInRegistrationOrder() {
        registerAll("s.rr", "roundrobin");
        long request = 0;
        for (int round = 0; round < 2; round++) {
            for (RouterFixture.Client c : callees) {
                caller.send(new Call(++request, Map.of(), "s.rr", null));
                c.next(Invocation.class);
            }
        }
    }

    @Test
    void roundRobinKeepsServingWhileCalleesComeAndGo() {
        registerAll("s.churn", "roundrobin");
        callees.get(1).session().transportClosed();
        RouterFixture.Client late = fixture.join();
        register(late, "s.churn", Map.of("invoke", "roundrobin"));

        List<RouterFixture.Client> alive = List.of(callees.get(0), callees.get(2), late);
        Map<RouterFixture.Client, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < 9; i++) {
            caller.send(new Call(i + 1, Map.of(), "s.churn", null));
        }
        for (RouterFixture.Client c : alive) {
            counts.put(c, c.peer().drain().size());
        }
        assertThat(counts.values()).containsOnly(3);
    }

    @Test
    void firstAndLastPickTheOldestAndNewestCallee() {
        registerAll("s.first", "first");
        registerAll("s.last", "last");
        caller.send(new Call(1, Map.of(), "s.first", null));
        callees.get(0).next(Invocation.class);
        caller.send(new Call(2, Map.of(), "s.last", null));
        callees.get(2).next(Invocation.class);

        callees.get(0).session().transportClosed();
        caller.send(new Call(3, Map.of(), "s.first", null));
        callees.get(1).next(Invocation.class);
    }

    @Test
    void randomPicksAmongTheCallees() {
        registerAll("s.random", "random");
        int calls = 300;
        for (int i = 0; i < calls; i++) {
            caller.send(new Call(i + 1, Map.of(), "s.random", null));
        }
        int total = 0;
        for (RouterFixture.Client c : callees) {
            int got = c.peer().drain().size();
            // Uniform picks among n callees leave one out with probability n * ((n-1)/n)^300: never in practice,
            // while "first" or "last" would give every call to one callee.
            assertThat(got).as("calls to one of the callees").isGreaterThan(0);
            total += got;
        }
        assertThat(total).isEqualTo(calls);
    }

    @Test
    void randomIsNotARoundRobinInDisguise() {
        registerAll("s.random2", "random");
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            caller.send(new Call(i + 1, Map.of(), "s.random2", null));
            for (int c = 0; c < callees.size(); c++) {
                if (!callees.get(c).peer().drain().isEmpty()) {
                    order.add(c);
                }
            }
        }
        assertThat(order).hasSize(60);
        boolean strictCycle = true;
        for (int i = callees.size(); i < order.size(); i++) {
            strictCycle &= order.get(i).equals(order.get(i - callees.size()));
        }
        assertThat(strictCycle).as("60 random picks repeating one fixed cycle (probability about n^-57)").isFalse();
    }

    @Test
    void registeringWithAnotherPolicyIsRefusedWithProcedureAlreadyExists() {
        register(callees.get(0), "s.mixed", Map.of("invoke", "roundrobin"));
        callees.get(1).send(new Register(5, Map.of("invoke", "random"), "s.mixed"));
        assertThat(callees.get(1).next(Error.class).error()).isEqualTo(WampErrors.PROCEDURE_ALREADY_EXISTS);
        callees.get(2).send(new Register(6, Map.of(), "s.mixed"));
        assertThat(callees.get(2).next(Error.class).error()).isEqualTo(WampErrors.PROCEDURE_ALREADY_EXISTS);
    }

    @Test
    void theRegistrationLivesUntilItsLastCalleeUnregisters() {
        long id = register(callees.get(0), "s.life", Map.of("invoke", "first"));
        register(callees.get(1), "s.life", Map.of("invoke", "first"));
        callees.get(0).send(new Unregister(7, id));
        callees.get(0).next(Unregistered.class);

        caller.send(new Call(8, Map.of(), "s.life", null));
        assertThat(callees.get(1).next(Invocation.class).registrationId()).isEqualTo(id);
    }

    @Test
    void jumpConsistentHashSendsTheSameKeyToTheSameCallee() {
        registerAll("s.hash", "jump_consistent_hash");
        for (int i = 0; i < 3; i++) {
            caller.send(new Call(i + 1, Map.of("rkey", "customer-42"), "s.hash", null));
        }
        List<Integer> sizes = new ArrayList<>();
        for (RouterFixture.Client c : callees) {
            sizes.add(c.peer().drain().size());
        }
        assertThat(sizes).containsExactlyInAnyOrder(3, 0, 0);
    }

    @Test
    void jumpConsistentHashWithoutRkeyIsInvalidArgument() {
        registerAll("s.nokey", "jump_consistent_hash");
        caller.send(new Call(1, Map.of(), "s.nokey", null));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.INVALID_ARGUMENT);
    }

    @Test
    void queueLeastLoadedPicksTheCalleeWithFewestInvocationsInFlight() {
        registerAll("s.load", "queue_least_loaded");
        caller.send(new Call(1, Map.of(), "s.load", null));
        caller.send(new Call(2, Map.of(), "s.load", null));
        Invocation busy0 = callees.get(0).next(Invocation.class);
        callees.get(1).next(Invocation.class);
        callees.get(0).send(new Yield(busy0.requestId(), Map.of(), null));

        caller.send(new Call(3, Map.of(), "s.load", null));
        assertThat(callees.get(0).next(Invocation.class)).isNotNull();
    }

    @Test
    void partitionedCallsAreRoutedByRkeyAndNeedOne() {
        registerAll("s.shard", "roundrobin");
        for (int i = 0; i < 4; i++) {
            caller.send(new Call(i + 1, Map.of("runmode", "partition", "rkey", "shard-7"), "s.shard", null));
        }
        List<Integer> sizes = new ArrayList<>();
        for (RouterFixture.Client c : callees) {
            sizes.add(c.peer().drain().size());
        }
        assertThat(sizes).containsExactlyInAnyOrder(4, 0, 0);

        caller.send(new Call(9, Map.of("runmode", "partition"), "s.shard", null));
        assertThat(caller.next(Error.class).error()).isEqualTo(WampErrors.INVALID_ARGUMENT);
    }

    @Test
    void jumpConsistentHashMovesFewKeysWhenACalleeIsAdded() {
        int moved = 0;
        for (int k = 0; k < 1000; k++) {
            if (JumpConsistentHash.bucket("key" + k, 10) != JumpConsistentHash.bucket("key" + k, 11)) {
                moved++;
            }
        }
        assertThat(moved).isBetween(40, 150); // about 1/11 of the keys
    }

    private void registerAll(String procedure, String invoke) {
        for (RouterFixture.Client c : callees) {
            register(c, procedure, Map.of("invoke", invoke));
        }
    }
}
