package io.bondy.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Publish;
import io.bondy.core.message.Published;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RBAC on every message of an established session, with grants changed while it is live. */
@Timeout(30)
class RbacAuthorizationTest {

    private static final AtomicLong IDS = new AtomicLong();
    private final SecureRouter r = new SecureRouter();

    private SecureRouter.Client alice() {
        return Cra.join(r, SecureRouter.REALM, "alice", "alice-password", "10.1.2.3");
    }

    private static WampMessage subscribe(SecureRouter.Client c, String topic) {
        c.send(new Subscribe(IDS.incrementAndGet(), Map.of(), topic));
        return c.next();
    }

    private static WampMessage publish(SecureRouter.Client c, String topic, Map<String, Object> extra) {
        Map<String, Object> options = new java.util.HashMap<>(extra);
        options.put("acknowledge", true);
        c.send(new Publish(IDS.incrementAndGet(), options, topic, Payload.NONE));
        return c.next();
    }

    private static WampMessage register(SecureRouter.Client c, String procedure) {
        c.send(new Register(IDS.incrementAndGet(), Map.of(), procedure));
        return c.next();
    }

    private static void assertDenied(WampMessage m) {
        assertThat(m).isInstanceOf(Error.class);
        assertThat(((Error) m).error()).isEqualTo(WampErrors.NOT_AUTHORIZED);
    }

    @Test
    void aUserWithoutGrantsMayDoNothing() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        SecureRouter.Client alice = alice();
        assertDenied(subscribe(alice, "com.example.news"));
        assertDenied(publish(alice, "com.example.news", Map.of()));
        assertDenied(register(alice, "com.example.add"));
        assertThat(alice.callError("com.example.add")).isEqualTo(WampErrors.NOT_AUTHORIZED);
    }

    @Test
    void grantAndRevokeApplyToALiveSessionAtOnce() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        SecureRouter.Client alice = alice();
        assertDenied(subscribe(alice, "com.example.news"));

        r.grant("alice", List.of("wamp.subscribe"), "com.example.", "prefix");
        assertThat(subscribe(alice, "com.example.news")).isInstanceOf(Subscribed.class);

        r.revoke("alice", List.of("wamp.subscribe"), "com.example.", "prefix");
        assertDenied(subscribe(alice, "com.example.weather"));
    }

    @Test
    void groupGrantsReachMembersThroughNestedGroups() {
        r.admin.callOk("bondy.group.add", SecureRouter.REALM, Map.of("name", "staff"));
        r.admin.callOk("bondy.group.add", SecureRouter.REALM, Map.of("name", "editors", "groups", List.of("staff")));
        r.addUser("alice", "alice-password", "wampcra", List.of("editors"));
        r.grant("group/staff", List.of("wamp.publish"), "com.example..news", "wildcard");
        SecureRouter.Client alice = alice();
        assertThat(publish(alice, "com.example.sport.news", Map.of())).isInstanceOf(Published.class);
        assertDenied(publish(alice, "com.example.sport.results", Map.of()));

        r.admin.callOk("bondy.user.remove_group", SecureRouter.REALM, "alice", "editors");
        assertDenied(publish(alice, "com.example.sport.news", Map.of()));
    }

    @Test
    void exactGrantsMatchOnlyTheirUri() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.grant("alice", List.of("wamp.register", "wamp.call"), "com.example.add", "exact");
        SecureRouter.Client alice = alice();
        assertThat(register(alice, "com.example.add")).isInstanceOf(Registered.class);
        assertDenied(register(alice, "com.example.add2"));
    }

    @Test
    void allRoleCoversEveryUserButNotAnonymousSessions() {
        r.addSource("anonymous", "anonymous", "0.0.0.0/0");
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.grant("all", List.of("wamp.subscribe"), "com.example.news", "exact");
        assertThat(subscribe(alice(), "com.example.news")).isInstanceOf(Subscribed.class);

        SecureRouter.Client anon = r.connect("10.0.0.9");
        assertThat(anon.hello(SecureRouter.hello(SecureRouter.REALM, List.of("anonymous"), null, Map.of())))
                .isInstanceOf(Welcome.class);
        assertDenied(subscribe(anon, "com.example.news"));
        r.grant("anonymous", List.of("wamp.subscribe"), "com.example.news", "exact");
        assertThat(subscribe(anon, "com.example.news")).isInstanceOf(Subscribed.class);
    }

    @Test
    void disablingAUserTakesItsPermissionsAwayFromItsOpenSessions() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.grant("alice", List.of("wamp.subscribe"), "any", "exact");
        r.admin.callOk("bondy.grant.create", SecureRouter.REALM, Map.of("roles", List.of("alice"),
                "permissions", List.of("wamp.subscribe"), "resources", List.of("any")));
        SecureRouter.Client alice = alice();
        assertThat(subscribe(alice, "anything.at.all")).isInstanceOf(Subscribed.class);
        r.admin.callOk("bondy.user.disable", SecureRouter.REALM, "alice");
        assertDenied(subscribe(alice, "anything.else"));
    }

    @Test
    void disclosingTheCallerNeedsItsOwnPermission() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.grant("alice", List.of("wamp.call", "wamp.publish"), "com.example.", "prefix");
        SecureRouter.Client alice = alice();
        alice.send(new Call(IDS.incrementAndGet(), Map.of("disclose_me", true), "com.example.add", Payload.NONE));
        assertDenied(alice.next());
        assertDenied(publish(alice, "com.example.news", Map.of("disclose_me", true)));

        r.grant("alice", List.of("wamp.disclose_caller", "wamp.disclose_publisher"), "com.example.", "prefix");
        alice.send(new Call(IDS.incrementAndGet(), Map.of("disclose_me", true), "com.example.add", Payload.NONE));
        assertThat(((Error) alice.next()).error()).isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
        assertThat(publish(alice, "com.example.news", Map.of("disclose_me", true))).isInstanceOf(Published.class);
    }

    @Test
    void securityCanBeSwitchedOffAndOnForARealmAtRunTime() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        SecureRouter.Client alice = alice();
        assertDenied(subscribe(alice, "com.example.news"));
        r.admin.callOk("bondy.realm.security.disable", SecureRouter.REALM);
        assertThat(subscribe(alice, "com.example.news")).isInstanceOf(Subscribed.class);
        r.admin.callOk("bondy.realm.security.enable", SecureRouter.REALM);
        assertDenied(subscribe(alice, "com.example.other"));
    }
}
