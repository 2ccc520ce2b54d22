package io.bondy.security.authn;

import io.bondy.core.spi.AuthOutcome;
import io.bondy.security.model.AuthMethods;
import java.util.Map;

/**
 * {@code ticket} with router-issued tickets (see {@link TicketService}; an SSO user's tickets come
 * from its SSO realm and log in wherever their scope reaches), and {@code oauth2} with
 * router-issued access tokens: an empty CHALLENGE, and AUTHENTICATE carries the token.
 */
public final class TicketMethod implements AuthMethod {

    private final TicketService tickets;
    private final String name;
    private final String kind;

    private TicketMethod(TicketService tickets, String name, String kind) {
        this.tickets = tickets;
        this.name = name;
        this.kind = kind;
    }

    public static TicketMethod ticket(TicketService tickets) {
        return new TicketMethod(tickets, AuthMethods.TICKET, TicketService.KIND_TICKET);
    }

    public static TicketMethod oauth2(TicketService tickets) {
        return new TicketMethod(tickets, AuthMethods.OAUTH2, TicketService.KIND_OAUTH2);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AuthOutcome start(AuthContext ctx) {
        String username = ctx.user().username();
        if (TicketService.KIND_TICKET.equals(kind)) {
            // Bondy's ticket scopes: a ticket of this realm, or of the user's SSO realm whose scope covers this realm.
            return new AuthOutcome.Challenge(name, Map.of(), auth ->
                    tickets.verifyLogin(ctx.realmUri(), ctx.user().ssoRealmUri(), username, auth.signature()).isPresent()
                            ? Identities.granted(ctx, name) : Identities.failed());
        }
        return new AuthOutcome.Challenge(name, Map.of(), auth ->
                tickets.verify(kind, ctx.realmUri(), username, auth.signature()).isPresent()
                        ? Identities.granted(ctx, name) : Identities.failed());
    }
}
