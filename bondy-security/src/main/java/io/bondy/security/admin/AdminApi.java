package io.bondy.security.admin;

import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.security.authn.TicketService;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.PasswordPolicy;
import io.bondy.security.model.SecurityError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The security admin procedures ({@code bondy.user.*}, {@code bondy.group.*}, {@code bondy.grant.*},
 * {@code bondy.source.*}, {@code bondy.ticket.*}, {@code bondy.realm.grants},
 * {@code bondy.realm.security.*}), registered by a realm's internal session. They are ordinary
 * registrations, so calling them needs a {@code wamp.call} grant like any procedure; each takes the
 * realm to act on as its first argument (which, as in Bondy, may be left out to mean the caller's
 * realm; see {@link Arity}), and a session may act only on its own realm unless it is in the master
 * realm.
 */
public final class AdminApi {

    private final Map<String, AdminHandler> procedures = new LinkedHashMap<>();
    private final String masterRealm;
    private final Predicate<String> realmExists;

    public AdminApi(SecurityState state, PasswordPolicy policy, TicketService tickets, SecurityEvents events,
                    String masterRealm, Predicate<String> realmExists) {
        this(state, policy, tickets, events, masterRealm, realmExists, realm -> true);
    }

    /**
     * @param enforced whether a realm enforces security (RBAC), for the checks procedures make
     *                 themselves ({@code bondy.issue} on ticket scopes)
     */
    public AdminApi(SecurityState state, PasswordPolicy policy, TicketService tickets, SecurityEvents events,
                    String masterRealm, Predicate<String> realmExists, Predicate<String> enforced) {
        this.masterRealm = masterRealm;
        this.realmExists = realmExists;
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

    /** Registers every procedure through {@code session} (a realm's internal session). */
    public void registerOn(InternalSession session) {
        for (Map.Entry<String, AdminHandler> e : procedures.entrySet()) {
            AdminHandler handler = e.getValue();
            Arity.Spec arity = Arity.of(e.getKey());
            session.register(e.getKey(), Map.of(), invocation -> {
                try {
                    return handler.handle(new AdminCall(invocation, masterRealm, realmExists, arity));
                } catch (SecurityError err) {
                    throw new ApplicationError(err.uri(), err.getMessage());
                }
            });
        }
    }
}
