package io.bondy.security.admin;

import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.security.authn.TicketService;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.PasswordPolicy;
import io.bondy.security.model.SecurityError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The security admin procedures ({@code bondy.user.*}, {@code bondy.group.*}, {@code bondy.grant.*},
 * {@code bondy.source.*}, {@code bondy.ticket.*}, {@code bondy.realm.grants},
 * {@code bondy.realm.security.*}), registered by a realm's internal session. They are ordinary
 * registrations, so calling them needs a {@code wamp.call} grant like any procedure; each takes the
 * realm to act on as its first argument (which, as in Bondy, may be left out to mean the caller's
 * realm; see {@link Arity}), and a session may act only on its own realm unless it is in the master
 * realm.
 *
 * <p>Threading: the procedures that only read ({@link #READS}) run on the caller's thread; those that
 * derive password keys or write the store run on the {@link AdminWorkers}, never on an event loop.
 */
public final class AdminApi {

    /**
     * The last URI component of the procedures that only read (no key derivation, no store write):
     * they answer on the caller's thread. Every other admin procedure runs on the {@link AdminWorkers}.
     */
    static final Set<String> READS = Set.of("get", "list", "is_enabled", "grants", "match", "verify", "status");

    private final Map<String, AdminHandler> procedures = new LinkedHashMap<>();
    private final String masterRealm;
    private final Predicate<String> realmExists;
    private final AdminWorkers workers;

    /**
     * @param workers where the procedures that hash passwords or write the store run (never the
     *                caller's event loop)
     */
    public AdminApi(SecurityState state, PasswordPolicy policy, TicketService tickets, SecurityEvents events,
                    String masterRealm, Predicate<String> realmExists, AdminWorkers workers) {
        this(state, policy, tickets, events, masterRealm, realmExists, realm -> true, workers);
    }

    /**
     * @param enforced whether a realm enforces security (RBAC), for the checks procedures make
     *                 themselves ({@code bondy.issue} on ticket scopes)
     * @param workers  where the procedures that hash passwords or write the store run
     */
    public AdminApi(SecurityState state, PasswordPolicy policy, TicketService tickets, SecurityEvents events,
                    String masterRealm, Predicate<String> realmExists, Predicate<String> enforced,
                    AdminWorkers workers) {
        this.masterRealm = masterRealm;
        this.realmExists = realmExists;
        this.workers = workers;
        UserAdmin users = new UserAdmin(state, policy, events);
        GroupAdmin groups = new GroupAdmin(state, events);
        GrantAdmin grants = new GrantAdmin(state);
        procedures.putAll(IdentityProcedures.users(users, grants));
        procedures.putAll(IdentityProcedures.groups(groups, grants));
        procedures.putAll(AccessProcedures.grants(grants));
        procedures.putAll(AccessProcedures.sources(new SourceAdmin(state, events)));
        procedures.putAll(AccessProcedures.realmSecurity(state.store()));
        procedures.putAll(TicketProcedures.tickets(tickets, state, enforced));
        procedures.putAll(AccessProcedures.rbac(state, enforced));
    }

    /** Adds the realm procedures ({@code bondy.realm.create}, ...) served by {@code realms}. */
    public AdminApi withRealms(io.bondy.security.realm.RealmAdmin realms) {
        procedures.putAll(RealmProcedures.realms(realms));
        return this;
    }

    /** The procedure URIs, in registration order. */
    public java.util.Set<String> procedures() {
        return procedures.keySet();
    }

    /** Whether {@code procedure} only reads, and so answers on the caller's thread. */
    public static boolean readsOnly(String procedure) {
        return READS.contains(procedure.substring(procedure.lastIndexOf('.') + 1));
    }

    /**
     * Registers every procedure through {@code session} (a realm's internal session): those that only
     * read answer on the caller's thread, the others are handed to the {@link AdminWorkers} and answer
     * from there ({@link AdminWorkers#OVERLOADED} when their queue is full).
     */
    public void registerOn(InternalSession session) {
        for (Map.Entry<String, AdminHandler> e : procedures.entrySet()) {
            String procedure = e.getKey();
            AdminHandler handler = e.getValue();
            Arity.Spec arity = Arity.of(procedure);
            if (readsOnly(procedure)) {
                session.register(procedure, Map.of(), invocation -> run(handler, invocation, arity));
            } else {
                session.registerDeferred(procedure, Map.of(),
                        invocation -> workers.submit(procedure, () -> run(handler, invocation, arity)));
            }
        }
    }

    private Payload run(AdminHandler handler, Invocation invocation, Arity.Spec arity) {
        try {
            return handler.handle(new AdminCall(invocation, masterRealm, realmExists, arity));
        } catch (SecurityError err) {
            throw new ApplicationError(err.uri(), err.getMessage());
        }
    }
}
