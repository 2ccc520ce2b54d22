package io.bondy.core.router.relay;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.CallOptions;
import io.bondy.core.message.Dicts;
import io.bondy.core.message.Error;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.rpc.CallTables;
import io.bondy.core.router.session.RemoteCaller;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.Scheduler;
import io.bondy.core.spi.TransportInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls part of {@link ClusterRouting}. On the caller's node: CALLs forwarded to other nodes
 * (tracked per caller in {@link CallTables#remoteCalls}), their replies, follow-ups (progressive
 * chunks, CANCEL), one retry of a call whose callee left as it travelled, and failing the calls of a
 * node that left. On the callee's node: a proxy session per remote caller, which the dealer serves
 * like any caller (with local callees only) and whose replies go back through the relay.
 *
 * <p>Threading: thread-safe. Forwarding runs on the caller's thread, replies on the relay's delivery
 * thread of the callee's node; each call is answered once (whoever removes it from
 * {@code remoteCalls} first answers).
 */
final class RemoteCalls {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemoteCalls.class);

    private final LocalNode local;
    private final RelayLink link;
    /** Proxies of other nodes' callers, by node, then session id. */
    private final Map<String, Map<Long, WampSession>> proxies = new ConcurrentHashMap<>();
    /** Local sessions that forwarded calls, by session id. */
    private final Map<Long, Forwarder> forwarders = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    /** How long a forwarded call without a {@code timeout} waits for its answer; zero: no limit. */
    private volatile Duration defaultDeadline = ClusterRouting.DEFAULT_FORWARDED_CALL_TIMEOUT;

    /**
     * A local session that forwarded calls: the nodes holding a proxy of it, its CALLs in flight
     * elsewhere (by request id, for a retry), and the request ids already retried once.
     */
    private record Forwarder(WampSession session, Set<String> nodes, Map<Long, Call> calls, Set<Long> retried,
                             Map<Long, Scheduler.Cancellable> deadlines) {

        Forwarder(WampSession session) {
            this(session, ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet(),
                    new ConcurrentHashMap<>());
        }

        void forget(long requestId) {
            calls.remove(requestId);
            retried.remove(requestId);
            Scheduler.Cancellable deadline = deadlines.remove(requestId);
            if (deadline != null) {
                deadline.cancel();
            }
        }

        void forgetAll() {
            deadlines.values().forEach(Scheduler.Cancellable::cancel);
            deadlines.clear();
            calls.clear();
            retried.clear();
        }
    }

    /**
     * How much longer than its own {@code timeout} the caller's node waits for a forwarded call's
     * answer: the callee's node runs that timeout and answers (and interrupts the callee) first.
     */
    static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(2);

    RemoteCalls(LocalNode local, RelayLink link) {
        this.local = local;
        this.link = link;
    }

    void defaultDeadline(Duration deadline) {
        this.defaultDeadline = deadline;
    }

    /**
     * Forwards {@code caller}'s CALL to {@code node}; false (and nothing is tracked) if the node is
     * unreachable or the relay refused the message. The call gets a deadline here, on the caller's node:
     * its {@code timeout} plus {@link #TIMEOUT_MARGIN}, or the default forwarded-call timeout, after which
     * it fails (an answer lost while the node stays in the view would otherwise hold it for ever). The
     * caller's thread.
     */
    boolean forward(String realm, WampSession caller, Call call, String node) {
        Map<Long, String> remoteCalls = CallTables.remoteCalls(caller);
        remoteCalls.put(call.requestId(), node);
        Forwarder f = forwarders.computeIfAbsent(caller.id(), id -> new Forwarder(caller));
        f.nodes().add(node);
        f.calls().put(call.requestId(), call);
        armDeadline(realm, f, call, node);
        // tracked first, then checked: a departure of the node either sees the call (and fails it) or
        // happened before the check (and the call is not sent); the relay could reach a node outside
        // the view that just sent here, but a call must not go where no departure will end it
        if (!link.isMember(node) || !link.send(node, new RelayMessage.Forward(realm, origin(caller), call))) {
            remoteCalls.remove(call.requestId(), node);
            f.forget(call.requestId());
            return false;
        }
        forwarded.incrementAndGet();
        return true;
    }

    private void armDeadline(String realm, Forwarder f, Call call, String node) {
        long own = CallOptions.of(call).timeoutMillis();
        Duration wait = own > 0 ? Duration.ofMillis(own).plus(TIMEOUT_MARGIN) : defaultDeadline;
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        String uri = own > 0 ? WampErrors.TIMEOUT : WampErrors.CANCELED;
        long requestId = call.requestId();
        Scheduler.Cancellable previous = f.deadlines().put(requestId, local.scheduler().schedule(wait,
                () -> expire(realm, f, requestId, node, uri, wait)));
        if (previous != null) {
            previous.cancel();
        }
    }

    /**
     * No answer from {@code node} within {@code wait} while it stayed in the view: the caller gets
     * {@code uri}, the slot is freed, and the node is told to interrupt the callee. The scheduler's thread.
     */
    private void expire(String realm, Forwarder f, long requestId, String node, String uri, Duration wait) {
        f.deadlines().remove(requestId);
        if (!CallTables.remoteCalls(f.session()).remove(requestId, node)) {
            return; // answered, failed or retried meanwhile
        }
        f.forget(requestId);
        expired.incrementAndGet();
        LOG.debug("Forwarded call {} of session {} got no answer from node {} within {}", requestId,
                f.session().id(), node, wait);
        f.session().send(new Error(MessageType.CALL.code(), requestId, Map.of(), uri,
                Payload.of(List.of("no answer from the callee's node " + node + " within " + wait))));
        link.send(node, new RelayMessage.Forward(realm, origin(f.session()),
                new Cancel(requestId, Map.of("mode", "killnowait"))));
    }

    /** Forwards a CANCEL or a progressive CALL continuation to where the call runs. The caller's thread. */
    void followUp(String realm, WampSession caller, WampMessage message, String node) {
        link.send(node, new RelayMessage.Forward(realm, origin(caller), message));
    }

    private static RelayMessage.Origin origin(WampSession caller) {
        return new RelayMessage.Origin(caller.id(), caller.identity(), caller.transport().type(), caller.callerRoles());
    }

    /** A CALL or CANCEL of a caller on {@code node}: the dealer serves it for the caller's proxy. */
    void onForward(String node, RelayMessage.Forward f) {
        LocalRealm realm = local.realm(f.realm());
        if (realm == null) {
            if (f.message() instanceof Call call) {
                link.send(node, new RelayMessage.Deliver(f.origin().sessionId(), new Error(MessageType.CALL.code(),
                        call.requestId(), Map.of(), WampErrors.NO_SUCH_PROCEDURE,
                        Payload.of(List.of("realm '" + f.realm() + "' does not exist on node " + link.localNode())))));
            }
            return;
        }
        WampSession proxy = proxies.computeIfAbsent(node, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(f.origin().sessionId(),
                        id -> new RemoteCaller(local.host(), new RelayPeer(node, id, f.origin().transport()), realm, node,
                                id, f.origin().identity(), f.origin().roles()));
        if (f.message() instanceof Call call) {
            realm.dealer().call(proxy, call);
        } else if (f.message() instanceof Cancel cancel) {
            realm.dealer().cancel(proxy, cancel);
        }
    }

    /** A reply from {@code node} for a local caller. */
    void onDeliver(String node, RelayMessage.Deliver d) {
        Forwarder f = forwarders.get(d.sessionId());
        if (f == null) {
            return; // the caller left
        }
        WampSession caller = f.session();
        Map<Long, String> remoteCalls = CallTables.remoteCalls(caller);
        WampMessage m = d.message();
        if (m instanceof Result r && Dicts.bool(r.details(), "progress", false)) {
            if (node.equals(remoteCalls.get(r.requestId()))) {
                caller.send(r);
            }
        } else if (m instanceof Result r) {
            if (remoteCalls.remove(r.requestId(), node)) {
                f.forget(r.requestId());
                caller.send(r);
            }
        } else if (m instanceof Error e) {
            if (remoteCalls.remove(e.requestId(), node) && !retried(f, e)) {
                f.forget(e.requestId());
                caller.send(e);
            }
        } else if (m instanceof Abort a) {
            caller.abortFromRelay(a);
        }
    }

    /**
     * A forwarded call that found no callee on its node (the callee left as the CALL travelled, e.g.
     * during a graceful shutdown) is routed once more: that node announced the route's removal before
     * it answered, so the new choice is among the callees left. Not for progressive invocations
     * (their later chunks went to the first node). Returns whether the call was routed again.
     */
    private boolean retried(Forwarder f, Error e) {
        Call original = f.calls().get(e.requestId());
        if (!WampErrors.NO_SUCH_PROCEDURE.equals(e.error()) || original == null
                || CallOptions.of(original).progress() || !f.retried().add(e.requestId())) {
            return false;
        }
        f.calls().remove(e.requestId());
        WampSession caller = f.session();
        LocalRealm realm = local.realm(caller.realmUri());
        if (realm == null) {
            return false;
        }
        // The dealer runs on the caller's own thread (its connection's event loop), never on the relay's
        // delivery thread: routing may send to other nodes, and a session's messages stay one at a time.
        caller.peer().execute(() -> {
            realm.dealer().call(caller, original);
            if (!CallTables.remoteCalls(caller).containsKey(e.requestId())) {
                f.retried().remove(e.requestId()); // answered here or routed to a local callee: nothing to remember
            }
        });
        return true;
    }

    /** A session of this realm left: end what it had on other nodes, or what it stood for here. */
    void sessionLeft(String realm, WampSession session) {
        if (session.isProxy()) {
            Map<Long, WampSession> byId = proxies.get(session.node());
            if (byId != null) {
                byId.remove(session.id(), session);
            }
            return;
        }
        Forwarder f = forwarders.remove(session.id());
        if (f == null || f.session() != session) {
            return;
        }
        CallTables.remoteCalls(session).clear();
        f.forgetAll();
        for (String node : f.nodes()) {
            link.send(node, new RelayMessage.SessionGone(realm, session.id()));
        }
    }

    /** The caller {@code sessionId} of {@code node} left: its proxy leaves (its calls are interrupted). */
    void onSessionGone(String node, RelayMessage.SessionGone g) {
        Map<Long, WampSession> byId = proxies.get(node);
        WampSession proxy = byId == null ? null : byId.remove(g.sessionId());
        if (proxy != null) {
            proxy.transportClosed();
        }
    }

    /**
     * {@code node} left the view: the proxies of its callers leave, and the calls local callers had
     * running there fail with {@code wamp.error.canceled}. Returns {failed calls, proxies ended}.
     */
    int[] drop(String node) {
        Map<Long, WampSession> callers = proxies.remove(node);
        if (callers != null) {
            callers.values().forEach(WampSession::transportClosed);
        }
        int failed = 0;
        for (Forwarder f : forwarders.values()) {
            f.nodes().remove(node);
            Map<Long, String> remoteCalls = CallTables.remoteCalls(f.session());
            for (Map.Entry<Long, String> call : List.copyOf(remoteCalls.entrySet())) {
                if (node.equals(call.getValue()) && remoteCalls.remove(call.getKey(), node)) {
                    f.forget(call.getKey());
                    failed++;
                    f.session().send(new Error(MessageType.CALL.code(), call.getKey(), Map.of(), WampErrors.CANCELED,
                            Payload.of(List.of("the callee's node " + node + " left the cluster"))));
                }
            }
        }
        return new int[] {failed, callers == null ? 0 : callers.size()};
    }

    long forwardedCount() {
        return forwarded.get();
    }

    /** Forwarded calls failed on this node because their answer did not come in time. */
    long expiredCount() {
        return expired.get();
    }

    int proxyCount() {
        return proxies.values().stream().mapToInt(Map::size).sum();
    }

    /** The transport of a proxy: what the dealer sends it goes back to the caller's node. */
    private final class RelayPeer implements Peer {

        private final String node;
        private final long sessionId;
        private final TransportInfo transport;

        RelayPeer(String node, long sessionId, String transportType) {
            this.node = node;
            this.sessionId = sessionId;
            this.transport = new TransportInfo(transportType == null ? "cluster" : transportType, null, null);
        }

        @Override
        public void send(WampMessage message) {
            link.send(node, new RelayMessage.Deliver(sessionId, message));
        }

        /**
         * False when the relay refused the message (its send queue is full): the dealer then ends the
         * call as for a full connection ({@code wamp.error.canceled} offered to the caller, the callee
         * interrupted), and what cannot reach the caller's node is ended there by its deadline.
         */
        @Override
        public boolean offer(WampMessage message) {
            return link.send(node, new RelayMessage.Deliver(sessionId, message));
        }

        @Override
        public void sendAndClose(WampMessage message) {
            send(message);
        }

        @Override
        public void close() {
            // the caller's own node decides when its session ends
        }

        @Override
        public TransportInfo transport() {
            return transport;
        }
    }
}
