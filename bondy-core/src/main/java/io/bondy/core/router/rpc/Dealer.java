package io.bondy.core.router.rpc;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.message.Call;
import io.bondy.core.message.CallOptions;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.PptOptions;
import io.bondy.core.message.Result;
import io.bondy.core.message.Yield;
import io.bondy.core.router.authz.RealmContext;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.Action;
import io.bondy.core.spi.Scheduler;
import io.bondy.core.thread.SessionThread;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The realm's dealer: routes calls to what the {@link Registrar} holds. CALL to INVOCATION (choosing
 * the callee, or forwarding to the node whose stub was chosen), YIELD and ERROR back to the caller,
 * progressive results and invocations, CANCEL, router-run timeouts, and calls whose caller or callee
 * left. The modes of ending a call early are {@link CallCanceler}'s.
 *
 * <p>Backpressure: messages of a call go out through {@link WampSession#offer}. An INVOCATION the
 * callee's full outbound queue refuses fails the call at once (ERROR {@code wamp.error.canceled} to
 * the caller, its pending-call slot freed); a RESULT or ERROR the caller's queue refuses still ends the
 * call (see {@link PendingCalls#answer}). Each is counted ({@code RouterMetrics.callUndeliverable}).
 *
 * <p>Threading: called on the caller's or callee's transport thread, and on the timer thread for
 * timeouts. Every call is answered exactly once (see {@link PendingCall}).
 */
public final class Dealer {

    private final RealmContext ctx;
    private final RegistrationTable registrations;
    private final PendingCalls pending;
    private final Scheduler scheduler;
    private final CallForwarding cluster;
    private final InvocationDetails details;
    private final CompletedStreams completedStreams = new CompletedStreams();
    private final CallCanceler canceler;
    private final CalleeChooser chooser;

    public Dealer(RealmContext ctx, Registrar registrar, Scheduler scheduler, CallForwarding cluster) {
        this.ctx = ctx;
        this.registrations = registrar.table();
        this.pending = new PendingCalls(ctx.realm(), ctx.metrics());
        this.scheduler = scheduler;
        this.cluster = cluster;
        this.details = new InvocationDetails(ctx.realm().rpc());
        this.chooser = new CalleeChooser(cluster);
        this.canceler = new CallCanceler(pending);
    }

    /** The realm's calls in flight (their limits and counts). */
    public PendingCalls pendingCalls() {
        return pending;
    }

    /** CALL from a caller (or from a proxy of another node's caller). Its transport thread. */
    @SessionThread
    public void call(WampSession caller, Call m) {
        CallTables tables = CallTables.of(caller);
        PendingCall ongoing = tables.calls.get(m.requestId());
        if (ongoing != null) {
            continueCall(caller, ongoing, m);
            return;
        }
        String runningOn = CallTables.remoteCalls(caller).get(m.requestId());
        if (runningOn != null) {
            // the next chunk of a progressive call that runs on another node
            cluster.forwardFollowUp(ctx.realm().uri(), caller, m, runningOn);
            return;
        }
        if (completedStreams.contains(caller, m.requestId())) {
            return; // a late chunk of a progressive call that has ended: the spec says discard it
        }
        CallOptions options = CallOptions.of(m);
        boolean progress = options.progress();
        if (progress && !caller.announces("caller", "progressive_call_invocations")) {
            caller.protocolViolation("CALL with 'progress' from a caller that did not announce"
                    + " progressive_call_invocations");
            return;
        }
        String procedure = m.procedure();
        if (ctx.rejectOverLimits(caller, MessageType.CALL, m.requestId(), "procedure", procedure)) {
            return;
        }
        if (!ctx.isValidUri(procedure)) {
            reject(caller, m, WampErrors.INVALID_URI, "invalid procedure URI '" + procedure + "'");
            return;
        }
        if (!ctx.isAllowed(caller, Action.CALL, procedure)) {
            ctx.rejectUnauthorized(caller, MessageType.CALL, m.requestId(), Action.CALL, procedure);
            return;
        }
        if (!ctx.isDisclosureAllowed(caller, options.discloseMe(), Action.DISCLOSE_CALLER, procedure)) {
            ctx.rejectUnauthorized(caller, MessageType.CALL, m.requestId(), Action.DISCLOSE_CALLER, procedure);
            return;
        }
        if (ctx.realm().rpc().callerDisclosure() == RpcSettings.CallerDisclosure.NEVER
                && options.discloseMe()) {
            reject(caller, m, DealerErrors.DISCLOSE_ME_NOT_ALLOWED, "this realm never discloses callers");
            return;
        }
        Optional<Registration> found = registrations.match(procedure);
        Registration.Callee target;
        try {
            target = found.map(reg -> chooser.pick(reg, options, caller.isProxy())).orElse(null);
        } catch (IllegalArgumentException e) {
            reject(caller, m, WampErrors.INVALID_ARGUMENT, e.getMessage());
            return;
        }
        if (target == null) {
            reject(caller, m, WampErrors.NO_SUCH_PROCEDURE, "no callee registered procedure '" + procedure + "'");
            return;
        }
        if (target.session().isNodeStub()) {
            forward(caller, m, target.session().node());
            return;
        }
        route(caller, m, options, found.get(), target);
    }

    /** Sends the CALL to the node whose callee was chosen; that node runs it (see the relay package). */
    private void forward(WampSession caller, Call m, String node) {
        int max = ctx.realm().rpc().maxPendingCallsPerSession();
        if (CallTables.of(caller).callsInFlight() >= max) {
            reject(caller, m, DealerErrors.TOO_MANY_PENDING_CALLS,
                    "the caller has " + max + " calls in flight already (the limit per session)");
            return;
        }
        if (!cluster.forwardCall(ctx.realm().uri(), caller, m, node)) {
            reject(caller, m, WampErrors.CANCELED, "the callee's node " + node + " is not reachable");
        }
    }

    private void route(WampSession caller, Call m, CallOptions options, Registration reg, Registration.Callee target) {
        boolean progress = options.progress();
        WampSession callee = target.session();
        boolean cancelable = supportsCanceling(callee);
        if (progress && !(cancelable && callee.announces("callee", "progressive_call_invocations"))) {
            reject(caller, m, WampErrors.FEATURE_NOT_SUPPORTED, "the callee of '" + m.procedure()
                    + "' does not support progressive call invocations (and call canceling)");
            return;
        }
        // Crossbar's rule by default: the caller's receive_progress goes to every callee (one that does not
        // understand it returns a final result); the realm setting gives the spec's strict rule.
        boolean receiveProgress = options.receiveProgress() && (!ctx.realm().rpc().progressiveResultsRequireCanceling()
                || cancelable && callee.announces("callee", "progressive_call_results"));
        Duration requested = requestedTimeout(options);
        boolean forward = !requested.isZero() && target.forwardTimeout() && callee.announces("callee", "call_timeout");
        PendingCall call = new PendingCall(caller, m.requestId(), callee, CallTables.of(callee).nextInvocationId(), reg,
                receiveProgress, forward ? Duration.ZERO : requested, progress);
        String full = pending.track(call);
        if (full != null) {
            reject(caller, m, DealerErrors.TOO_MANY_PENDING_CALLS, full);
            return;
        }
        if (!callee.isEstablished()) {
            // The callee left between lookup and now: its cleanup may have run already.
            fail(call, WampErrors.CANCELED, "callee disconnected from in-flight request");
            return;
        }
        call.startTimer(() -> timer(call));
        if (!callee.offer(new Invocation(call.invocationId(), reg.id(),
                details.build(caller, m, reg, target, call, progress, forward ? requested : Duration.ZERO),
                m.payload()))) {
            canceler.undeliverable(call, MessageType.INVOCATION, false); // the callee's queue is full
        }
    }

    /** A CALL with the request id of a call in flight: the next chunk of a progressive invocation. */
    private void continueCall(WampSession caller, PendingCall call, Call m) {
        boolean more = CallOptions.of(m).progress();
        if (!call.continueInvocation(more)) {
            if (call.isDone()) {
                return; // answered meanwhile: discard, as for a late chunk
            }
            caller.protocolViolation("CALL reuses request id " + m.requestId() + " of a call in flight");
            return;
        }
        if (!call.callee().offer(new Invocation(call.invocationId(), call.registration().id(),
                more ? Map.of("progress", true) : Map.of(), m.payload()))) {
            canceler.undeliverable(call, MessageType.INVOCATION, true); // the callee has the stream's start
        }
    }

    /** YIELD from a callee. Its transport thread. */
    @SessionThread
    public void yield(WampSession callee, Yield m) {
        PendingCall call = CallTables.of(callee).invocations.get(m.requestId());
        if (call == null) {
            ctx.metrics().lateAnswerDropped(ctx.realm().uri()); // answered already, canceled, or the caller left
            return;
        }
        if (m.progress()) {
            if (call.receiveProgress()) {
                Map<String, Object> details = new java.util.LinkedHashMap<>(PptOptions.of(m.options()));
                details.put("progress", true);
                if (call.progress(new Result(call.callRequestId(), details, m.payload()), () -> timer(call))
                        == PendingCall.Delivery.REFUSED) {
                    canceler.undeliverable(call, MessageType.RESULT, true); // a gap in the stream: end it
                }
            }
            return; // a progressive result the caller did not ask for is dropped
        }
        if (pending.answer(call, new Result(call.callRequestId(), PptOptions.of(m.options()), m.payload()))) {
            completedStreams.remember(call);
        }
    }

    /** ERROR from a callee (only in reply to INVOCATION). Its transport thread. */
    @SessionThread
    public void invocationError(WampSession callee, Error m) {
        if (m.requestType() != MessageType.INVOCATION.code()) {
            callee.protocolViolation("a client may send ERROR only in reply to INVOCATION, got request type "
                    + m.requestType());
            return;
        }
        PendingCall call = CallTables.of(callee).invocations.get(m.requestId());
        if (call == null) {
            ctx.metrics().lateAnswerDropped(ctx.realm().uri());
            return;
        }
        String error = ctx.isValidUri(m.error()) ? m.error() : WampErrors.INVALID_URI;
        if (pending.answer(call, new Error(MessageType.CALL.code(), call.callRequestId(), m.details(), error,
                m.payload()))) {
            completedStreams.remember(call);
        }
    }

    /** CANCEL from a caller. Its transport thread. */
    @SessionThread
    public void cancel(WampSession caller, Cancel m) {
        String node = CallTables.remoteCalls(caller).get(m.requestId());
        if (node != null) {
            // The call runs on another node: that node checks the permission and cancels it there.
            cluster.forwardFollowUp(ctx.realm().uri(), caller, m, node);
            return;
        }
        PendingCall call = CallTables.of(caller).calls.get(m.requestId());
        if (call != null && !ctx.isAllowed(caller, Action.CANCEL, call.registration().procedure())) {
            ctx.rejectUnauthorized(caller, MessageType.CANCEL, m.requestId(), Action.CANCEL,
                    call.registration().procedure());
            return;
        }
        canceler.cancel(caller, m);
    }

    /** Fails the calls in flight to {@code session}, and interrupts the calls it made (it left). */
    @SessionThread
    public void removeSession(WampSession session) {
        CallTables tables = CallTables.peekOf(session);
        if (tables != null) {
            for (PendingCall call : List.copyOf(tables.invocations.values())) {
                fail(call, WampErrors.CANCELED, "callee disconnected from in-flight request");
            }
            for (PendingCall call : List.copyOf(tables.calls.values())) {
                canceler.callerLeft(call);
            }
        }
        completedStreams.forget(session);
    }

    private void timedOut(PendingCall call) {
        canceler.timedOut(call);
    }

    private Scheduler.Cancellable timer(PendingCall call) {
        return scheduler.schedule(call.timeout(), () -> timedOut(call));
    }


    private Duration requestedTimeout(CallOptions options) {
        RpcSettings rpc = ctx.realm().rpc();
        long ms = options.timeoutMillis();
        Duration requested = ms > 0 ? Duration.ofMillis(ms) : rpc.defaultCallTimeout();
        return requested.compareTo(rpc.maxCallTimeout()) > 0 ? rpc.maxCallTimeout() : requested;
    }

    static boolean supportsCanceling(WampSession callee) {
        return callee.announces("callee", "call_canceling") || callee.announces("callee", "call_cancelling");
    }

    private void fail(PendingCall call, String errorUri, String message) {
        if (pending.answer(call, new Error(MessageType.CALL.code(), call.callRequestId(), Map.of(), errorUri,
                Payload.of(List.of(message))))) {
            ctx.metrics().errorSent(errorUri);
        }
    }

    private void reject(WampSession caller, Call m, String error, String message) {
        ctx.reject(caller, MessageType.CALL, m.requestId(), error, message);
    }
}
