package io.bondy.security;

import static io.bondy.security.SecureRouter.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bondy's ticket scopes through real sessions of the router: issuing needs {@code bondy.issue} on
 * {@code bondy.ticket.scope.local|sso|client_local|client_sso} besides the {@code wamp.call} grant;
 * SSO tickets log in to every realm of the SSO realm; client tickets are issued to a user on behalf
 * of a client application.
 */
@Timeout(30)
class TicketScopesTest {

    private static final AtomicLong IDS = new AtomicLong(1000);
    private static final String SCOPE = "bondy.ticket.scope.";

    private final SecureRouter r = new SecureRouter();

    @Test
    @SuppressWarnings("unchecked")
    void issuingALocalTicketNeedsBondyIssueOnTheLocalScope() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.addSource("alice", "ticket", "0.0.0.0/0");
        r.grant("alice", List.of("wamp.call"), "bondy.ticket.issue", "exact");
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.1");

        assertThat(error(call(alice, "bondy.ticket.issue", Map.of()))).as("wamp.call alone is not enough")
                .isEqualTo(WampErrors.NOT_AUTHORIZED);
        r.grant("alice", List.of("bondy.issue"), SCOPE + "local", "exact");

        Map<String, Object> issued = result(call(alice, "bondy.ticket.issue", Map.of("expiry_time_secs", 600)));
        assertThat(issued).containsOnlyKeys("id", "expires_at", "issued_at", "scope", "ticket");
        assertThat(((Number) issued.get("expires_at")).longValue() - ((Number) issued.get("issued_at")).longValue())
                .isEqualTo(600);
        Map<String, Object> scope = new HashMap<>();
        scope.put("realm", REALM);
        scope.put("client_id", "all");
        scope.put("device_id", "all");
        assertThat((Map<String, Object>) issued.get("scope")).isEqualTo(scope);
        assertThat(ticketJoin(REALM, "alice", (String) issued.get("ticket"))).isInstanceOf(Welcome.class);

        assertThat(error(call(alice, "bondy.ticket.issue", Map.of("allow_sso", true, "client_id", "alice"))))
                .as("a client ticket for oneself").isEqualTo("bondy.error.invalid_request");
        assertThat(error(call(alice, "bondy.ticket.issue", Map.of("client_id", "app1"))))
                .as("a client_local ticket needs its own grant").isEqualTo(WampErrors.NOT_AUTHORIZED);
    }

    @Test
    void aNewTicketOfTheSameScopeReplacesThePreviousOneAndAnotherDeviceDoesNot() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.addSource("alice", "ticket", "0.0.0.0/0");
        r.grant("alice", List.of("wamp.call"), "bondy.ticket.", "prefix");
        r.grant("alice", List.of("bondy.issue"), SCOPE, "prefix");
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.1");

        String first = ticket(result(call(alice, "bondy.ticket.issue", Map.of())));
        String phone = ticket(result(call(alice, "bondy.ticket.issue", Map.of("device_id", "phone-1"))));
        String second = ticket(result(call(alice, "bondy.ticket.issue", Map.of())));

        assertThat(ticketJoin(REALM, "alice", first)).as("replaced").isNotInstanceOf(Welcome.class);
        assertThat(ticketJoin(REALM, "alice", second)).isInstanceOf(Welcome.class);
        assertThat(ticketJoin(REALM, "alice", phone)).as("another device's ticket stays").isInstanceOf(Welcome.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anSsoTicketLogsInToEveryLinkedRealmALocalOneOnlyToItsOwn() {
        sso();
        SecureRouter.Client carol = Cra.join(r, SsoUsersTest.ONE, "carol", "carol-password", "10.0.0.1");
        r.admin.callOk("bondy.grant.create", SsoUsersTest.ONE, Map.of("roles", List.of("carol"),
                "permissions", List.of("bondy.issue"), "resources", List.of(Map.of("uri", SCOPE + "local"))));

        assertThat(error(call(carol, "bondy.ticket.issue", Map.of()))).as("allow_sso defaults to true: the sso scope")
                .isEqualTo(WampErrors.NOT_AUTHORIZED);
        String local = ticket(result(call(carol, "bondy.ticket.issue", Map.of("allow_sso", false))));
        r.admin.callOk("bondy.grant.create", SsoUsersTest.ONE, Map.of("roles", List.of("carol"),
                "permissions", List.of("bondy.issue"), "resources", List.of(Map.of("uri", SCOPE + "sso"))));
        Map<String, Object> issued = result(call(carol, "bondy.ticket.issue", Map.of()));
        assertThat((Map<String, Object>) issued.get("scope")).containsEntry("realm", null)
                .containsEntry("client_id", "all");
        String sso = ticket(issued);

        assertThat(ticketJoin(SsoUsersTest.ONE, "carol", sso)).isInstanceOf(Welcome.class);
        assertThat(ticketJoin(SsoUsersTest.TWO, "carol", sso)).as("SSO scope").isInstanceOf(Welcome.class);
        assertThat(ticketJoin(SsoUsersTest.ONE, "carol", local)).isInstanceOf(Welcome.class);
        assertThat(ticketJoin(SsoUsersTest.TWO, "carol", local)).as("local scope").isNotInstanceOf(Welcome.class);

        r.admin.callOk("bondy.ticket.revoke", SsoUsersTest.TWO, sso);
        assertThat(ticketJoin(SsoUsersTest.ONE, "carol", sso)).as("revoked").isNotInstanceOf(Welcome.class);

        String again = ticket(result(call(carol, "bondy.ticket.issue", Map.of())));
        assertThat(ticketJoin(SsoUsersTest.TWO, "carol", again)).isInstanceOf(Welcome.class);
        r.admin.callOk("bondy.ticket.revoke_all", SsoUsersTest.ONE, "carol");
        assertThat(ticketJoin(SsoUsersTest.TWO, "carol", again)).as("revoke_all reaches the SSO realm's tickets")
                .isNotInstanceOf(Welcome.class);
        assertThat(ticketJoin(SsoUsersTest.ONE, "carol", local)).isNotInstanceOf(Welcome.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClientTicketIsIssuedToAUserOnBehalfOfAClientApplication() {
        r.addUser("app1", "app1-password", "wampcra", List.of());
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.addSource("alice", "ticket", "0.0.0.0/0");
        r.grant("all", List.of("wamp.call"), "bondy.ticket.issue", "exact");
        r.grant("app1", List.of("bondy.issue"), SCOPE + "local", "exact");
        SecureRouter.Client app = Cra.join(r, REALM, "app1", "app1-password", "10.0.0.1");
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.2");
        String appTicket = ticket(result(call(app, "bondy.ticket.issue", Map.of("device_id", "kiosk-7"))));

        assertThat(error(call(alice, "bondy.ticket.issue", Map.of("client_ticket", appTicket))))
                .isEqualTo(WampErrors.NOT_AUTHORIZED);
        r.grant("alice", List.of("bondy.issue"), SCOPE + "client_local", "exact");
        Map<String, Object> issued = result(call(alice, "bondy.ticket.issue", Map.of("client_ticket", appTicket)));

        assertThat((Map<String, Object>) issued.get("scope")).containsEntry("realm", REALM)
                .containsEntry("client_id", "app1").containsEntry("device_id", "kiosk-7");
        Map<String, Object> claims = (Map<String, Object>) r.admin.callOk("bondy.ticket.verify", REALM, ticket(issued));
        assertThat(claims).containsEntry("authid", "alice").containsEntry("issued_by", "app1")
                .containsEntry("authrealm", REALM);
        assertThat(ticketJoin(REALM, "alice", ticket(issued))).isInstanceOf(Welcome.class);

        assertThat(error(call(app, "bondy.ticket.issue", Map.of("client_ticket", appTicket))))
                .as("self-granting").isEqualTo("bondy.error.invalid_request");
        r.grant("app1", List.of("bondy.issue"), SCOPE + "client_local", "exact");
        assertThat(error(call(app, "bondy.ticket.issue", Map.of("client_ticket", ticket(issued)))))
                .as("nested").isEqualTo("bondy.error.invalid_request");
        assertThat(error(call(alice, "bondy.ticket.issue", Map.of("client_ticket", appTicket, "device_id", "other"))))
                .as("another device").isEqualTo("bondy.error.invalid_request");
        String forged = appTicket.substring(0, appTicket.indexOf('.') + 1) + "AAAA";
        assertThat(error(call(alice, "bondy.ticket.issue", Map.of("client_ticket", forged))))
                .isEqualTo("bondy.error.invalid_value");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anSsoUsersClientTicketHasTheClientSsoScope() {
        sso();
        r.admin.callOk("bondy.user.add", SsoUsersTest.ONE, Map.of("username", "app1", "password", "app1-password"));
        r.admin.callOk("bondy.grant.create", SsoUsersTest.ONE, Map.of("roles", List.of("app1", "carol"),
                "permissions", List.of("bondy.issue"), "resources", List.of(Map.of("uri", SCOPE + "local"))));
        r.admin.callOk("bondy.grant.create", SsoUsersTest.ONE, Map.of("roles", List.of("carol"),
                "permissions", List.of("bondy.issue"), "resources", List.of(Map.of("uri", SCOPE + "client_sso"))));
        SecureRouter.Client app = Cra.join(r, SsoUsersTest.ONE, "app1", "app1-password", "10.0.0.1");
        SecureRouter.Client carol = Cra.join(r, SsoUsersTest.ONE, "carol", "carol-password", "10.0.0.2");
        String appTicket = ticket(result(call(app, "bondy.ticket.issue", Map.of())));

        Map<String, Object> issued = result(call(carol, "bondy.ticket.issue", Map.of("client_ticket", appTicket)));

        assertThat((Map<String, Object>) issued.get("scope")).containsEntry("realm", null)
                .containsEntry("client_id", "app1");
        assertThat(ticketJoin(SsoUsersTest.TWO, "carol", ticket(issued))).isInstanceOf(Welcome.class);
        assertThat(error(call(carol, "bondy.ticket.issue", Map.of("client_ticket", appTicket, "allow_sso", false))))
                .as("client_local is not granted").isEqualTo(WampErrors.NOT_AUTHORIZED);
    }

    @Test
    void aUserHoldsAtMostMaxPerUserTicketsExpiredOnesNotCounted() {
        MutableClock clock = new MutableClock();
        SecureRouter small = new SecureRouter(SecureRouter.SETTINGS.withTicketMaxPerUser(2), clock);
        small.addUser("alice", "alice-password", "wampcra", List.of());
        small.grant("alice", List.of("wamp.call"), "bondy.ticket.issue", "exact");
        small.grant("alice", List.of("bondy.issue"), SCOPE, "prefix");
        SecureRouter.Client alice = Cra.join(small, REALM, "alice", "alice-password", "10.0.0.1");
        result(call(alice, "bondy.ticket.issue", Map.of("device_id", "d1", "expiry_time_secs", 60)));
        result(call(alice, "bondy.ticket.issue", Map.of("device_id", "d2", "expiry_time_secs", 600)));

        assertThat(error(call(alice, "bondy.ticket.issue", Map.of("device_id", "d3"))))
                .isEqualTo("bondy.error.property_range_limit");
        result(call(alice, "bondy.ticket.issue", Map.of("device_id", "d1", "expiry_time_secs", 60)));
        clock.advance(java.time.Duration.ofSeconds(61));
        result(call(alice, "bondy.ticket.issue", Map.of("device_id", "d3")));
    }

    @Test
    void badKwargsAreRefusedWithBondysErrors() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.grant("alice", List.of("wamp.call"), "bondy.ticket.issue", "exact");
        r.grant("alice", List.of("bondy.issue"), SCOPE, "prefix");
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.1");

        assertThat(error(call(alice, "bondy.ticket.issue", Map.of("allow_sso", "yes"))))
                .isEqualTo("bondy.error.invalid_datatype");
        assertThat(error(call(alice, "bondy.ticket.issue", Map.of("expiry_time_secs", -5))))
                .isEqualTo("bondy.error.invalid_datatype");
        assertThat(error(call(alice, "bondy.ticket.issue", Map.of("device_id", "d".repeat(300)))))
                .isEqualTo(WampErrors.INVALID_ARGUMENT);
    }

    /** SSO realm with carol linked to realms ONE and TWO (wampcra and ticket sources, issue call grant). */
    private void sso() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", SsoUsersTest.SSO, "is_sso_realm", true));
        for (String app : List.of(SsoUsersTest.ONE, SsoUsersTest.TWO)) {
            r.admin.callOk("bondy.realm.create", Map.of("uri", app, "sso_realm_uri", SsoUsersTest.SSO,
                    "authmethods", List.of("wampcra", "ticket"),
                    "sources", List.of(Map.of("usernames", "all", "authmethod", "wampcra", "cidr", "0.0.0.0/0"),
                            Map.of("usernames", "all", "authmethod", "ticket", "cidr", "0.0.0.0/0")),
                    "grants", List.of(Map.of("roles", "all", "permissions", List.of("wamp.call"),
                            "resources", List.of(Map.of("uri", "bondy.ticket.issue"))))));
        }
        r.admin.callOk("bondy.user.add", SsoUsersTest.ONE, Map.of("username", "carol", "password", "carol-password",
                "sso_realm_uri", SsoUsersTest.SSO));
        r.admin.callOk("bondy.user.add", SsoUsersTest.TWO, Map.of("username", "carol",
                "sso_realm_uri", SsoUsersTest.SSO));
    }

    private static WampMessage call(SecureRouter.Client c, String procedure, Map<String, Object> kwargs) {
        c.send(new Call(IDS.incrementAndGet(), Map.of(), procedure, Payload.of(List.of(), kwargs)));
        return c.next();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(WampMessage m) {
        assertThat(m).isInstanceOf(Result.class);
        return (Map<String, Object>) ((Payload.Arguments) ((Result) m).payload()).args().get(0);
    }

    private static String ticket(Map<String, Object> issued) {
        return (String) issued.get("ticket");
    }

    private static String error(WampMessage m) {
        assertThat(m).isInstanceOf(Error.class);
        return ((Error) m).error();
    }

    private WampMessage ticketJoin(String realm, String authid, String ticket) {
        SecureRouter.Client c = r.connect("10.0.0.5");
        SecureRouter.Client.challengeExtra(c.hello(SecureRouter.hello(realm, List.of("ticket"), authid, Map.of())),
                "ticket");
        return c.authenticate(ticket);
    }
}
