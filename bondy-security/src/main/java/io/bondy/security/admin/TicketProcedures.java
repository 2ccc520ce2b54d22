package io.bondy.security.admin;

import static io.bondy.security.admin.AdminHandler.NOTHING;
import static io.bondy.security.admin.AdminHandler.one;

import io.bondy.core.spi.AuthIdentity;
import io.bondy.security.authn.TicketScope;
import io.bondy.security.authn.TicketService;
import io.bondy.security.authz.RbacAuthorizer;
import io.bondy.security.authz.RealmSecurity;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.Fields;
import io.bondy.security.model.Permission;
import io.bondy.security.model.SecurityError;
import io.bondy.security.model.User;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code bondy.ticket.issue}, {@code verify}, {@code revoke} and {@code revoke_all}.
 *
 * <p>Issuing follows Bondy ({@code bondy_ticket}): a ticket is issued to the calling session's user,
 * by a session authenticated with a method other than {@code ticket} or {@code anonymous}. Its
 * {@linkplain TicketScope scope} comes from the kwargs: {@code allow_sso} (default true) makes an SSO
 * user's ticket valid in every realm of its SSO realm; {@code client_ticket} (a ticket of a client
 * application) or {@code client_id} makes it a client ticket, valid only for that client;
 * {@code device_id} pins a device. Besides the {@code wamp.call} grant on the procedure, the caller
 * needs {@code bondy.issue} on the scope's resource ({@code bondy.ticket.scope.local}, {@code .sso},
 * {@code .client_local} or {@code .client_sso}) when the realm enforces security.
 */
final class TicketProcedures {

    /** Longest {@code client_id} / {@code device_id} accepted (they become part of a stored record). */
    static final int MAX_ID_LENGTH = 255;

    private TicketProcedures() {
    }

    static Map<String, AdminHandler> tickets(TicketService tickets, SecurityState state, Predicate<String> enforced) {
        Map<String, AdminHandler> p = new LinkedHashMap<>();
        p.put("bondy.ticket.issue", c -> one(issue(c, tickets, state, enforced).toResult()));
        p.put("bondy.ticket.verify", c -> {
            String realm = c.realm(0);
            String token = c.string(1, "ticket");
            RealmSecurity rs = state.realm(realm);
            return one(TicketService.peek(token)
                    .flatMap(claims -> claims.get("authid") instanceof String id ? rs.user(id) : Optional.empty())
                    .flatMap(u -> tickets.verifyLogin(realm, u.ssoRealmUri(), u.username(), token))
                    .orElseThrow(() -> new SecurityError(SecurityError.INVALID_DATA, "invalid ticket")));
        });
        p.put("bondy.ticket.revoke", c -> {
            String realm = c.realm(0);
            if (!tickets.revoke(realm, state.realm(realm).ssoRealmUri(), c.string(1, "ticket"))) {
                throw new SecurityError(SecurityError.INVALID_DATA, "invalid ticket");
            }
            return NOTHING;
        });
        p.put("bondy.ticket.revoke_all", c -> {
            String realm = c.realm(0);
            String authid = c.string(1, "authid");
            tickets.revokeAll(realm, authid);
            // An SSO user's tickets are kept by its SSO realm (their authrealm).
            state.realm(realm).user(authid).filter(User::isSsoUser)
                    .ifPresent(u -> tickets.revokeAll(u.ssoRealmUri(), u.username()));
            return NOTHING;
        });
        return p;
    }

    private static TicketService.Issued issue(AdminCall c, TicketService tickets, SecurityState state,
                                              Predicate<String> enforced) {
        String method = c.callerAuthmethod();
        String realm = c.callerRealm();
        String authid = c.callerAuthid();
        if (authid == null || realm == null || method == null || AuthMethods.TICKET.equals(method)
                || AuthMethods.ANONYMOUS.equals(method) || "trusted".equals(method)) {
            throw new SecurityError(SecurityError.NOT_AUTHORIZED,
                    "tickets are issued only to sessions authenticated by a method other than ticket or anonymous");
        }
        Map<String, Object> kw = c.kwargs();
        long expiry = expiry(kw.get("expiry_time_secs"));
        boolean allowSso = Fields.bool(kw, "allow_sso", true);
        String clientId = id(kw, "client_id");
        String deviceId = id(kw, "device_id");
        if (deviceId == null) {
            deviceId = id(kw, "client_instance_id"); // this router's earlier name for device_id
        }
        String clientTicket = Fields.string(kw, "client_ticket", null);

        RealmSecurity rs = state.realm(realm);
        User user = rs.user(authid).orElseThrow(() ->
                new SecurityError(SecurityError.NO_SUCH_PRINCIPAL, "no user '" + authid + "' in " + realm));
        String scopeRealm = allowSso && user.isSsoUser() ? null : realm;
        if (clientTicket != null) {
            Map<String, Object> client = tickets.verifySigned(realm, rs.ssoRealmUri(), clientTicket)
                    .orElseThrow(() -> new SecurityError("bondy.error.invalid_value",
                            "client_ticket is not a ticket of this realm, its signature is invalid or it has expired"));
            TicketScope clientScope = TicketScope.fromClaim(client.get("scope"));
            if (clientScope == null || clientScope.clientId() != null) {
                throw new SecurityError(SecurityError.INVALID_REQUEST, "nested tickets are not allowed"
                        + " (client_ticket is itself a client ticket)");
            }
            if (user.username().equals(client.get("issued_by"))) {
                throw new SecurityError(SecurityError.INVALID_REQUEST, "self-granting ticket not allowed"
                        + " (client_ticket was issued by the caller)");
            }
            String fromTicket = (String) client.get("authid");
            if (clientId != null && !clientId.equals(fromTicket)) {
                throw new SecurityError(SecurityError.INVALID_REQUEST, "client_id does not match client_ticket");
            }
            clientId = fromTicket;
            if (clientScope.deviceId() != null) {
                if (deviceId != null && !deviceId.equals(clientScope.deviceId())) {
                    throw new SecurityError(SecurityError.INVALID_REQUEST, "invalid device_id (client_ticket names another)");
                }
                deviceId = clientScope.deviceId();
            }
        } else if (user.username().equals(clientId)) {
            throw new SecurityError(SecurityError.INVALID_REQUEST, "a client cannot be issued a ticket for itself");
        }
        TicketScope scope = new TicketScope(scopeRealm, clientId, deviceId);
        String resource = scope.type().resource();
        if (enforced.test(realm) && !RbacAuthorizer.isAllowed(rs, new AuthIdentity(user.username(), null, method,
                null, Map.of()), Permission.BONDY_ISSUE.bit(), resource)) {
            throw new SecurityError(SecurityError.NOT_AUTHORIZED, "Permission denied. User '" + user.username()
                    + "' does not have permission 'bondy.issue' on '" + resource + "'");
        }
        String issuedBy = clientId == null ? user.username() : clientId;
        return tickets.issueTicket(rs.authrealm(user), user.username(), method, issuedBy, expiry, scope);
    }

    private static long expiry(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n && n.doubleValue() == Math.floor(n.doubleValue()) && n.longValue() > 0) {
            return n.longValue();
        }
        throw new SecurityError(Fields.INVALID_DATATYPE, "'expiry_time_secs' must be a positive integer");
    }

    private static String id(Map<String, Object> kw, String key) {
        String v = Fields.string(kw, key, null);
        if (v != null && (v.isEmpty() || v.length() > MAX_ID_LENGTH)) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT,
                    "'" + key + "' must be 1 to " + MAX_ID_LENGTH + " characters");
        }
        return v;
    }
}
