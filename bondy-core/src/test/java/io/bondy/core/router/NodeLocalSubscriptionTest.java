package io.bondy.core.router;

import static io.bondy.core.router.Rpc.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.router.session.InternalSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Node-local internal sessions (the broker bridge's): they see what is published on their own node
 * only, so a subscriber present on every node handles each publication once in the cluster.
 */
class NodeLocalSubscriptionTest {

    private final InMemoryCluster cluster = InMemoryCluster.of("a", "b");

    @AfterEach
    void stop() {
        cluster.close();
    }

    private InternalSession nodeLocal(String node, List<Event> into) {
        RouterFixture f = cluster.node(node);
        InternalSession s = InternalSession.joinNodeLocal(f.router, f.router.realm("realm1").orElseThrow(),
                InternalSession.ROUTER_IDENTITY);
        s.subscribe("com.example.t", Map.of(), into::add);
        return s;
    }

    @Test
    void aPublicationReachesTheNodeLocalSubscriberOfItsOwnNodeOnlyWhileClientsEverywhereGetIt() {
        List<Event> onA = new CopyOnWriteArrayList<>();
        List<Event> onB = new CopyOnWriteArrayList<>();
        nodeLocal("a", onA);
        nodeLocal("b", onB);
        RouterFixture.Client clientOnB = cluster.node("b").join();
        subscribe(clientOnB, "com.example.t"); // makes a relay the publication to b
        RouterFixture.Client publisher = cluster.node("a").join();
        cluster.settle();

        publisher.send(new Publish(1, Map.of("acknowledge", true), "com.example.t", Payload.of(List.of(1))));
        publisher.next(Published.class);
        assertThat(clientOnB.next(Event.class).payload()).isEqualTo(Payload.of(List.of(1)));
        cluster.settle();

        assertThat(onA).hasSize(1);
        assertThat(onB).isEmpty();
    }

    @Test
    void aNodeLocalSubscriptionAloneIsNotAnnouncedSoNothingIsRelayedForIt() {
        List<Event> onB = new CopyOnWriteArrayList<>();
        nodeLocal("b", onB);
        RouterFixture.Client publisher = cluster.node("a").join();
        cluster.settle();

        publisher.send(new Publish(1, Map.of("acknowledge", true), "com.example.t", Payload.of(List.of(1))));
        publisher.next(Published.class);
        cluster.settle();

        assertThat(onB).isEmpty();
        assertThat(cluster.routing("a").stats()).containsEntry("relayed_publications", 0L)
                .containsEntry("remote_routes", 0);
    }
}
