package io.bondy.core.router;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Cancel;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import io.bondy.core.message.Yield;
import io.bondy.core.spi.Action;
import io.bondy.core.uri.UriValidator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The realm's dealer: registrations, and calls from CALL to RESULT or ERROR.
 *
 * <p>Threading: called on the caller's or callee's transport thread. A pending call is owned by
 * whichever thread removes it first from the callee's table (answer, or callee leaving), so each
 * call is answered exactly once.
 */
final class Dealer {

    private static final String[] RESERVED_PREFIXES = {"wamp.", "bondy."};

    private final RealmContext ctx;
    private final RouterIds ids;
    private final Map<String, Registration> byProcedure = new ConcurrentHashMap<>();
    private final Map<Long, Registration> byId = new ConcurrentHashMap<>();

    Dealer(RealmContext ctx, RouterIds ids) {
        this.ctx = ctx;
        this.ids = ids;
    }

    void register(WampSession callee, Register m) {
        String procedure = m.procedure();
        if (!ctx.isValidUri(procedure) || (isReserved(procedure) && !callee.isInternal())) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), WampErrors.INVALID_URI,
                    isReserved(procedure) ? "procedure URI '" + procedure + "' is reserved for the router"
                            : "invalid procedure URI '" + procedure + "'");
            return;
        }
        Object invoke = m.options().get("invoke");
        if (m.match() != MatchPolicy.EXACT || (invoke != null && !"single".equals(invoke))) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), WampErrors.OPTION_NOT_ALLOWED,
                    "only exact, single registrations are supported by this router");
            return;
        }
        if (!ctx.isAllowed(callee, Action.REGISTER, procedure)) {
            ctx.rejectUnauthorized(callee, MessageType.REGISTER, m.requestId(), Action.REGISTER, procedure);
            return;
        }
        Registration fresh = new Registration(ids.registrationId(), procedure, MatchPolicy.EXACT, callee);
        Registration existing = byProcedure.putIfAbsent(procedure, fresh);
        if (existing != null) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), WampErrors.PROCEDURE_ALREADY_EXISTS,
                    "procedure '" + procedure + "' is already registered");
            return;
        }
        byId.put(fresh.id(), fresh);
        callee.registrations().add(fresh);
        callee.send(new Registered(m.requestId(), fresh.id()));
    }

    void unregister(WampSession callee, Unregister m) {
        Registration reg = byId.get(m.registrationId());
        if (reg == null || reg.callee() != callee) {
            ctx.reject(callee, MessageType.UNREGISTER, m.requestId(), WampErrors.NO_SUCH_REGISTRATION,
                    "no registration " + m.registrationId() + " for this session");
            return;
        }
        if (!ctx.isAllowed(callee, Action.UNREGISTER, reg.procedure())) {
            ctx.rejectUnauthorized(callee, MessageType.UNREGISTER, m.requestId(), Action.UNREGISTER, reg.procedure());
            return;
        }
        remove(reg);
        callee.send(new Unregistered(m.requestId(), Map.of()));
    }

    void call(WampSession caller, Call m) {
        String procedure = m.procedure();
        if (!ctx.isValidUri(procedure)) {
            ctx.reject(caller, MessageType.CALL, m.requestId(), WampErrors.INVALID_URI,
                    "invalid procedure URI '" + procedure + "'");
            return;
        }
        if (!ctx.isAllowed(caller, Action.CALL, procedure)) {
            ctx.rejectUnauthorized(caller, MessageType.CALL, m.requestId(), Action.CALL, procedure);
            return;
        }
        if (!ctx.isDisclosureAllowed(caller, m.options(), Action.DISCLOSE_CALLER, procedure)) {
            ctx.rejectUnauthorized(caller, MessageType.CALL, m.requestId(), Action.DISCLOSE_CALLER, procedure);
            return;
        }
        Registration reg = byProcedure.get(procedure);
        if (reg == null) {
            ctx.reject(caller, MessageType.CALL, m.requestId(), WampErrors.NO_SUCH_PROCEDURE,
                    "no callee registered procedure '" + procedure + "'");
            return;
        }
        WampSession callee = reg.callee();
        PendingCall pending = new PendingCall(caller, m.requestId(), callee, callee.nextInvocationId(), reg);
        caller.calls().put(m.requestId(), pending);
        callee.invocations().put(pending.invocationId(), pending);
        if (!callee.isEstablished()) {
            // The callee left between lookup and now: its cleanup may have run already.
            fail(pending, WampErrors.CANCELED, "callee disconnected from in-flight request");
            return;
        }
        Map<String, Object> details = new java.util.LinkedHashMap<>(PptOptions.of(m.options()));
        details.putAll(RealmContext.callerDetailsForInternalCallee(caller, callee));
        callee.send(new Invocation(pending.invocationId(), reg.id(), details, m.payload()));
    }

    void yield(WampSession callee, Yield m) {
        PendingCall pending = callee.invocations().remove(m.requestId());
        if (pending == null) {
            return; // answered already, or the caller left: nothing to deliver
        }
        if (pending.caller().calls().remove(pending.callRequestId(), pending)) {
            pending.caller().send(new Result(pending.callRequestId(), PptOptions.of(m.options()), m.payload()));
        }
    }

    void invocationError(WampSession callee, Error m) {
        if (m.requestType() != MessageType.INVOCATION.code()) {
            callee.protocolViolation("a client may send ERROR only in reply to INVOCATION, got request type "
                    + m.requestType());
            return;
        }
        PendingCall pending = callee.invocations().remove(m.requestId());
        if (pending == null) {
            return;
        }
        String error = ctx.isValidUri(m.error()) ? m.error() : WampErrors.INVALID_URI;
        if (pending.caller().calls().remove(pending.callRequestId(), pending)) {
            pending.caller().send(new Error(MessageType.CALL.code(), pending.callRequestId(), m.details(), error,
                    m.payload()));
        }
    }

    /** CANCEL is an Advanced Profile feature this router does not announce yet. */
    void cancel(WampSession caller, Cancel m) {
        ctx.reject(caller, MessageType.CANCEL, m.requestId(), WampErrors.FEATURE_NOT_SUPPORTED,
                "call canceling is not supported by this router");
    }

    /** Drops the session's registrations, fails calls in flight to it, forgets calls it made. */
    void removeSession(WampSession session) {
        for (Registration reg : List.copyOf(session.registrations())) {
            remove(reg);
        }
        for (PendingCall pending : List.copyOf(session.invocations().values())) {
            if (session.invocations().remove(pending.invocationId(), pending)) {
                fail(pending, WampErrors.CANCELED, "callee disconnected from in-flight request");
            }
        }
        for (PendingCall pending : List.copyOf(session.calls().values())) {
            session.calls().remove(pending.callRequestId(), pending);
            pending.callee().invocations().remove(pending.invocationId(), pending);
        }
    }

    private void fail(PendingCall pending, String errorUri, String message) {
        pending.callee().invocations().remove(pending.invocationId(), pending);
        if (pending.caller().calls().remove(pending.callRequestId(), pending)) {
            ctx.metrics().errorSent(errorUri);
            pending.caller().send(new Error(MessageType.CALL.code(), pending.callRequestId(), Map.of(), errorUri,
                    Payload.of(List.of(message))));
        }
    }

    private void remove(Registration reg) {
        reg.callee().registrations().remove(reg);
        byProcedure.remove(reg.procedure(), reg);
        byId.remove(reg.id(), reg);
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
