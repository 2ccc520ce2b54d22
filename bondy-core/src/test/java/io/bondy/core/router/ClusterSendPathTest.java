package io.bondy.core.router;

import static io.bondy.core.router.Rpc.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Interrupt;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.Yield;
import io.bondy.core.router.relay.RelayMessage;
import io.bondy.core.router.rpc.CallTables;
import io.bondy.core.spi.TransportInfo;
import io.bondy.core.testing.ForwardingPeer;
import io.bondy.core.testing.RecordingPeer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, the cluster's send path as the routing code sees it: a message the relay refuses (its send
 * queue is full) ends the exchange it belongs to, and a forwarded call retried after its callee left
 * runs the dealer on the caller's own thread, not on the relay's delivery thread.
 */
class ClusterSendPathTest {

    private final InMemoryCluster cluster = InMemoryCluster.of("a", "b", "c");
    private final ExecutorService callerLoop = Executors.newSingleThreadExecutor(r -> new Thread(r, "caller-loop"));

    @AfterEach
    void stop() {
        callerLoop.shutdownNow();
        cluster.close();
    }

    @Test
    void aCallWhoseForwardTheRelayRefusesFailsAtOnceAndHoldsNoSlot() {
        RouterFixture.Client callee = cluster.join("b");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.busy");
        cluster.settle();
        cluster.refuse((from, to, m) -> m instanceof RelayMessage.Forward);

        caller.send(new Call(3, Map.of(), "com.example.busy", null));
        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(3);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
        assertThat(CallTables.remoteCalls(caller.session())).isEmpty();
        cluster.settle();
        assertThat(callee.peer().drain()).as("the callee never got it").isEmpty();
    }

    @Test
    void aResultTheCalleesNodeCannotRelayEndsTheCallThereAndInterruptsTheCallee() {
        RouterFixture.Client callee = cluster.join("b");
        RouterFixture.Client caller = cluster.join("a");
        register(callee, "com.example.answer");
        cluster.settle();

        caller.send(new Call(4, Map.of(), "com.example.answer", null));
        Invocation inv = callee.next(Invocation.class);
        cluster.refuse((from, to, m) -> m instanceof RelayMessage.Deliver d && d.message() instanceof Result);
        callee.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("lost"))));
        cluster.settle();

        // the dealer on b saw the RESULT refused and offered a short ERROR in its place, which went through
        Error error = caller.next(Error.class);
        assertThat(error.requestId()).isEqualTo(4);
        assertThat(error.error()).isEqualTo(WampErrors.CANCELED);
        assertThat(CallTables.remoteCalls(caller.session())).isEmpty();
    }

    @Test
    void aForwardedCallRetriedAfterItsCalleeLeftRunsOnTheCallersThread() {
        RouterFixture.Client onB = cluster.join("b");
        RouterFixture.Client onC = cluster.join("c");
        register(onB, "com.example.moving", Map.of("invoke", "first"));
        cluster.settle();
        register(onC, "com.example.moving", Map.of("invoke", "first"));
        cluster.settle();
        LoopPeer transport = new LoopPeer();
        RouterFixture.Client caller = cluster.node("a").join(transport, transport.recorder(), RouterFixture.ADVANCED_RPC);

        java.util.concurrent.CountDownLatch release = cluster.hold("a"); // a learns of b's departure late
        onB.session().transportClosed();
        caller.send(new Call(5, Map.of(), "com.example.moving", Payload.of(List.of("x")))); // still goes to b
        release.countDown();

        Invocation inv = onC.next(Invocation.class);
        assertThat(transport.ranOn).as("the retry was handed to the caller's thread").containsExactly("caller-loop");
        onC.send(new Yield(inv.requestId(), Map.of(), Payload.of(List.of("from c"))));
        Result result = caller.next(Result.class);
        assertThat(result.requestId()).isEqualTo(5);
    }

    /** A client's transport whose {@link #execute} runs tasks on a thread of its own, as a connection's event loop. */
    private final class LoopPeer extends ForwardingPeer {

        final List<String> ranOn = new CopyOnWriteArrayList<>();

        LoopPeer() {
            super(new RecordingPeer(new TransportInfo("websocket", null, null)));
        }

        @Override
        public void execute(Runnable task) {
            callerLoop.execute(() -> {
                ranOn.add(Thread.currentThread().getName());
                task.run();
            });
        }
    }
}
