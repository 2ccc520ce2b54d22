package io.bondy.security;

import static io.bondy.security.SecureRouter.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.spi.AuthIdentity;
import io.bondy.security.authn.CredentialCheck;
import io.bondy.security.authn.TicketService;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Password and ticket checks outside a WAMP handshake (the admin HTTP API's). */
@Timeout(30)
class CredentialCheckTest {

    private final SecureRouter r = new SecureRouter();
    private final CredentialCheck check = r.security.credentials();
    private final InetAddress local = InetAddress.getLoopbackAddress();

    @Test
    void rightPasswordGivesTheUsersIdentity() {
        r.addUser("alice", "alice-password", "password", List.of());

        AuthIdentity who = check.password(REALM, "alice", "alice-password", local).orElseThrow();

        assertThat(who.authid()).isEqualTo("alice");
        assertThat(who.authmethod()).isEqualTo("password");
    }

    @Test
    void wrongPasswordUnknownUserDisabledUserAndMissingSourceAllFail() throws Exception {
        r.addUser("alice", "alice-password", "password", List.of());
        assertThat(check.password(REALM, "alice", "wrong-password", local)).isEmpty();
        assertThat(check.password(REALM, "nobody", "alice-password", local)).isEmpty();

        r.admin.callOk("bondy.user.add", REALM, Map.of("username", "bob", "password", "bob-password"));
        assertThat(check.password(REALM, "bob", "bob-password", local)).as("no source for bob").isEmpty();

        r.admin.callOk("bondy.user.disable", REALM, "alice");
        assertThat(check.password(REALM, "alice", "alice-password", local)).isEmpty();
    }

    @Test
    void validTicketGivesTheIdentityItWasIssuedTo() {
        r.addUser("alice", "alice-password", "ticket", List.of());
        String ticket = r.security.tickets().issue(TicketService.KIND_TICKET, REALM, "alice", "alice", 0, Map.of());

        assertThat(check.ticket(REALM, ticket, local)).hasValueSatisfying(who ->
                assertThat(who.authid()).isEqualTo("alice"));
        assertThat(check.ticket(REALM, ticket + "x", local)).isEmpty();
        r.security.tickets().revoke(REALM, ticket);
        assertThat(check.ticket(REALM, ticket, local)).isEmpty();
    }
}
