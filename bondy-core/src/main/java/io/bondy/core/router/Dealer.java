package io.bondy.core.router;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Error;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import io.bondy.core.message.Yield;
import io.bondy.core.spi.Action;
import io.bondy.core.spi.Scheduler;
import io.bondy.core.uri.UriValidator;
import java.util.List;
import java.util.Map;

/**
 * The realm's dealer: registrations (exact, prefix, wildcard; single or shared) here, calls in
 * {@link CallRouter}, canceling in {@link CallCanceler}.
 *
 * <p>Threading: called on the caller's or callee's transport thread (and the timer thread for
 * timeouts). Registrations change atomically per (URI, policy) in {@link RegistrationTable}; a
 * pending call is answered exactly once (see {@link PendingCall}).
 */
final class Dealer {

    private static final String[] RESERVED_PREFIXES = {"wamp.", "bondy."};

    private final RealmContext ctx;
    private final RegistrationTable registrations;
    private final PendingCalls pending;
    private final CallRouter calls;
    private volatile RegistrationListener listener = RegistrationListener.NONE;

    Dealer(RealmContext ctx, RouterIds ids, Scheduler scheduler) {
        this.ctx = ctx;
        this.registrations = new RegistrationTable(ids::registrationId);
        this.pending = new PendingCalls(ctx.realm(), ctx.metrics());
        this.calls = new CallRouter(ctx, registrations, pending, scheduler);
    }

    /** Sets who hears of registration changes (the registration meta events). */
    void listen(RegistrationListener listener) {
        this.listener = listener;
    }

    RegistrationTable registrations() {
        return registrations;
    }

    PendingCalls pendingCalls() {
        return pending;
    }

    void register(WampSession callee, Register m) {
        String procedure = m.procedure();
        MatchPolicy match = m.match();
        boolean reserved = isReserved(procedure) && !callee.isInternal();
        if (reserved || !ctx.isValidPattern(procedure, match)) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), WampErrors.INVALID_URI,
                    reserved ? "procedure URI '" + procedure + "' is reserved for the router"
                            : "invalid procedure URI '" + procedure + "' for match '" + match.wireName() + "'");
            return;
        }
        boolean discloseCaller = Boolean.TRUE.equals(m.options().get("disclose_caller"));
        if (discloseCaller && ctx.realm().rpc().callerDisclosure() == RpcSettings.CallerDisclosure.NEVER) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), WampErrors.OPTION_NOT_ALLOWED,
                    "this realm never discloses callers (disclose_caller)");
            return;
        }
        if (!ctx.isAllowed(callee, Action.REGISTER, procedure)) {
            ctx.rejectUnauthorized(callee, MessageType.REGISTER, m.requestId(), Action.REGISTER, procedure);
            return;
        }
        Registration.Callee entry = new Registration.Callee(callee, discloseCaller,
                Boolean.TRUE.equals(m.options().get("forward_timeout")));
        RegistrationTable.Outcome outcome = registrations.attach(procedure, match,
                InvokePolicy.fromOptions(m.options()), entry);
        if (outcome instanceof RegistrationTable.Refused refused) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), refused.error(), refused.message());
            return;
        }
        RegistrationTable.Attached attached = (RegistrationTable.Attached) outcome;
        Registration reg = attached.registration();
        callee.registrations().add(reg);
        callee.send(new Registered(m.requestId(), reg.id()));
        if (attached.created()) {
            listener.onCreate(callee, reg);
        }
        listener.onRegister(callee, reg);
        ctx.cluster().routeAdded(callee, ctx.realm().uri(), RelayMessage.Kind.REGISTRATION, procedure, match,
                reg.invoke());
    }

    /**
     * Attaches another node's stub to (procedure, match): that node has callees for it. A conflict
     * (e.g. both nodes hold a {@code single} registration, made while they were apart) leaves this
     * node's registration alone: each node keeps calling its own callee.
     */
    void attachStub(WampSession stub, String procedure, MatchPolicy match, InvokePolicy invoke) {
        Registration existing = registrations.lookup(procedure, match);
        if (existing != null && existing.calleeOf(stub) != null) {
            return;
        }
        RegistrationTable.Outcome outcome = registrations.attach(procedure, match, invoke,
                new Registration.Callee(stub, false, false));
        if (outcome instanceof RegistrationTable.Attached attached) {
            stub.registrations().add(attached.registration());
        } else if (outcome instanceof RegistrationTable.Refused refused) {
            org.slf4j.LoggerFactory.getLogger(Dealer.class).warn(
                    "Realm {}: the registration of '{}' ({}, {}) on node {} conflicts with this node's: {}",
                    ctx.realm().uri(), procedure, match.wireName(), invoke.wireName(), stub.node(), refused.message());
        }
    }

    void detachStub(WampSession stub, String procedure, MatchPolicy match) {
        Registration reg = registrations.lookup(procedure, match);
        if (reg != null && reg.calleeOf(stub) != null) {
            detach(stub, reg);
        }
    }

    void unregister(WampSession callee, Unregister m) {
        Registration reg = registrations.get(m.registrationId());
        if (reg == null || reg.calleeOf(callee) == null) {
            ctx.reject(callee, MessageType.UNREGISTER, m.requestId(), WampErrors.NO_SUCH_REGISTRATION,
                    "no registration " + m.registrationId() + " for this session");
            return;
        }
        if (!ctx.isAllowed(callee, Action.UNREGISTER, reg.procedure())) {
            ctx.rejectUnauthorized(callee, MessageType.UNREGISTER, m.requestId(), Action.UNREGISTER, reg.procedure());
            return;
        }
        detach(callee, reg);
        callee.send(new Unregistered(m.requestId(), Map.of()));
    }

    void call(WampSession caller, Call m) {
        calls.call(caller, m);
    }

    void yield(WampSession callee, Yield m) {
        calls.yield(callee, m);
    }

    void invocationError(WampSession callee, Error m) {
        calls.invocationError(callee, m);
    }

    void cancel(WampSession caller, Cancel m) {
        String node = caller.remoteCalls().get(m.requestId());
        if (node != null) {
            // The call runs on another node: that node checks the permission and cancels it there.
            ctx.cluster().forwardFollowUp(caller.realm(), caller, m, node);
            return;
        }
        PendingCall call = caller.calls().get(m.requestId());
        if (call != null && !ctx.isAllowed(caller, Action.CANCEL, call.registration().procedure())) {
            ctx.rejectUnauthorized(caller, MessageType.CANCEL, m.requestId(), Action.CANCEL,
                    call.registration().procedure());
            return;
        }
        calls.canceler().cancel(caller, m);
    }

    /** Drops the session's registrations, fails calls in flight to it, interrupts calls it made. */
    void removeSession(WampSession session) {
        for (Registration reg : List.copyOf(session.registrations())) {
            detach(session, reg);
        }
        calls.removeSession(session);
    }

    private void detach(WampSession callee, Registration reg) {
        callee.registrations().remove(reg);
        boolean deleted = registrations.detach(reg, callee);
        listener.onUnregister(callee, reg);
        if (deleted) {
            listener.onDelete(callee, reg);
        }
        ctx.cluster().routeRemoved(callee, ctx.realm().uri(), RelayMessage.Kind.REGISTRATION, reg.procedure(),
                reg.match(), reg.invoke());
    }

    private static boolean isReserved(String uri) {
        for (String prefix : RESERVED_PREFIXES) {
            if (uri.startsWith(prefix)) {
                return true;
            }
        }
        return UriValidator.isReserved(uri);
    }
}
