package io.bondy.core.router.rpc;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.id.RouterIds;
import io.bondy.core.message.MatchPolicy;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Register;
import io.bondy.core.message.RegisterOptions;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import io.bondy.core.router.authz.RealmContext;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.Action;
import io.bondy.core.thread.RelayThread;
import io.bondy.core.thread.SessionThread;
import io.bondy.core.uri.UriValidator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realm's registrations: REGISTER and UNREGISTER (exact, prefix, wildcard; single or shared),
 * the attachments of other nodes' stubs, and a session's registrations going when it leaves. Calls
 * to what is registered are the {@link Dealer}'s.
 *
 * <p>Threading: called on the callee's transport thread (the relay's thread for stubs).
 * Registrations change atomically per (URI, policy) in {@link RegistrationTable}; listeners run
 * after each change on the thread that made it.
 */
public final class Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    private static final String[] RESERVED_PREFIXES = {"wamp.", "bondy."};

    private final RealmContext ctx;
    private final RegistrationTable registrations;
    private final List<RegistrationListener> listeners = new CopyOnWriteArrayList<>();

    public Registrar(RealmContext ctx, RouterIds ids) {
        this.ctx = ctx;
        this.registrations = new RegistrationTable((procedure, match) ->
                RouterIds.registrationId(ctx.realm().uri(), procedure, match.wireName()), ids::registrationId);
    }

    /** Adds a listener of registration changes (the meta events, the cluster's route announcements). */
    public void listen(RegistrationListener listener) {
        listeners.add(listener);
    }

    public RegistrationTable table() {
        return registrations;
    }

    /** REGISTER from a callee. Its transport thread. */
    @SessionThread
    public void register(WampSession callee, Register m) {
        String procedure = m.procedure();
        MatchPolicy match = m.match();
        if (ctx.rejectOverLimits(callee, MessageType.REGISTER, m.requestId(), "procedure", procedure)) {
            return;
        }
        boolean reserved = isReserved(procedure) && !callee.isInternal();
        if (reserved || !ctx.isValidPattern(procedure, match)) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), WampErrors.INVALID_URI,
                    reserved ? "procedure URI '" + procedure + "' is reserved for the router"
                            : "invalid procedure URI '" + procedure + "' for match '" + match.wireName() + "'");
            return;
        }
        int max = ctx.limits().maxRegistrationsPerSession();
        if (!callee.isInternal() && CallTables.of(callee).registrations.size() >= max) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), DealerErrors.TOO_MANY_REGISTRATIONS,
                    "the session holds " + max + " registrations already (the limit per session,"
                            + " wamp.max_registrations_per_session)");
            return;
        }
        RegisterOptions options = RegisterOptions.of(m);
        boolean discloseCaller = options.discloseCaller();
        if (discloseCaller && ctx.realm().rpc().callerDisclosure() == RpcSettings.CallerDisclosure.NEVER) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), WampErrors.OPTION_NOT_ALLOWED,
                    "this realm never discloses callers (disclose_caller)");
            return;
        }
        if (!ctx.isAllowed(callee, Action.REGISTER, procedure)) {
            ctx.rejectUnauthorized(callee, MessageType.REGISTER, m.requestId(), Action.REGISTER, procedure);
            return;
        }
        Registration.Callee entry = new Registration.Callee(callee, discloseCaller, options.forwardTimeout());
        // REGISTERED is queued before a caller on another thread can be routed to this callee: no INVOCATION
        // of the registration may reach the client ahead of it
        RegistrationTable.Outcome outcome = registrations.attach(procedure, match, InvokePolicy.of(options.invoke()),
                entry, r -> callee.send(new Registered(m.requestId(), r.id())));
        if (outcome instanceof RegistrationTable.Refused refused) {
            ctx.reject(callee, MessageType.REGISTER, m.requestId(), refused.error(), refused.message());
            return;
        }
        RegistrationTable.Attached attached = (RegistrationTable.Attached) outcome;
        Registration reg = attached.registration();
        CallTables.of(callee).registrations.add(reg);
        for (RegistrationListener l : listeners) {
            if (attached.created()) {
                l.onCreate(callee, reg);
            }
            l.onRegister(callee, reg);
        }
    }

    /** UNREGISTER from a callee. Its transport thread. */
    @SessionThread
    public void unregister(WampSession callee, Unregister m) {
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

    /**
     * Attaches another node's stub to (procedure, match): that node has callees for it. A conflict
     * (e.g. both nodes hold a {@code single} registration, made while they were apart) leaves this
     * node's registration alone: each node keeps calling its own callee. The relay's thread.
     */
    @RelayThread
    public void attachStub(WampSession stub, String procedure, MatchPolicy match, InvokePolicy invoke) {
        Registration existing = registrations.lookup(procedure, match);
        if (existing != null && existing.calleeOf(stub) != null) {
            return;
        }
        RegistrationTable.Outcome outcome = registrations.attach(procedure, match, invoke,
                new Registration.Callee(stub, false, false));
        if (outcome instanceof RegistrationTable.Attached attached) {
            CallTables.of(stub).registrations.add(attached.registration());
        } else if (outcome instanceof RegistrationTable.Refused refused) {
            LOG.warn("Realm {}: the registration of '{}' ({}, {}) on node {} conflicts with this node's: {}",
                    ctx.realm().uri(), procedure, match.wireName(), invoke.wireName(), stub.node(), refused.message());
        }
    }

    /** Detaches another node's stub from (procedure, match). The relay's thread. */
    @RelayThread
    public void detachStub(WampSession stub, String procedure, MatchPolicy match) {
        Registration reg = registrations.lookup(procedure, match);
        if (reg != null && reg.calleeOf(stub) != null) {
            detach(stub, reg);
        }
    }

    /**
     * Drops the session's registrations (it left). One that fails to go (a bug) does not keep the
     * others: each is removed on its own, and the failures are logged once.
     */
    @SessionThread
    public void removeSession(WampSession session) {
        CallTables tables = CallTables.peekOf(session);
        if (tables == null) {
            return; // it never registered nor called
        }
        int failed = 0;
        RuntimeException first = null;
        for (Registration reg : List.copyOf(tables.registrations)) {
            try {
                detach(session, reg);
            } catch (RuntimeException e) {
                tables.registrations.remove(reg);
                failed++;
                first = first == null ? e : first;
            }
        }
        if (failed > 0) {
            LOG.warn("Realm {}: {} registration(s) of session {} failed to be removed, the others were; first: {}",
                    ctx.realm().uri(), failed, session.id(), first.toString());
            LOG.debug("The first failure to remove a registration of session {}", session.id(), first);
        }
    }

    private void detach(WampSession callee, Registration reg) {
        CallTables.of(callee).registrations.remove(reg);
        boolean deleted = registrations.detach(reg, callee);
        for (RegistrationListener l : listeners) {
            l.onUnregister(callee, reg);
            if (deleted) {
                l.onDelete(callee, reg);
            }
        }
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
