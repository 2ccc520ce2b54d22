package io.bondy.security;

import static io.bondy.security.SecureRouter.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Event;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.Subscribed;
import io.bondy.core.store.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin procedures through a real caller, with Bondy's shapes and errors. */
@Timeout(30)
class AdminApiTest {

    private final SecureRouter r = new SecureRouter();

    @Test
    @SuppressWarnings("unchecked")
    void usersAreAddedReadUpdatedAndDeletedWithoutEverShowingACredential() {
        Map<String, Object> added = (Map<String, Object>) r.admin.callOk("bondy.user.add", REALM,
                Map.of("username", "Alice", "password", "alice-password", "meta", Map.of("team", "blue")));
        assertThat(added).containsEntry("username", "alice").containsEntry("has_password", true)
                .doesNotContainKey("password");
        assertThat(r.admin.callError("bondy.user.add", REALM, Map.of("username", "alice")))
                .isEqualTo("bondy.error.already_exists");
        Map<String, Object> updated = (Map<String, Object>) r.admin.callOk("bondy.user.update", REALM, "alice",
                Map.of("meta", Map.of("team", "red")));
        assertThat(updated.get("meta")).isEqualTo(Map.of("team", "red"));
        assertThat((List<Object>) r.admin.callOk("bondy.user.list", REALM)).hasSize(1);
        assertThat(r.admin.callOk("bondy.user.is_enabled", REALM, "alice")).isEqualTo(true);
        r.admin.callOk("bondy.user.delete", REALM, "alice");
        assertThat(r.admin.callError("bondy.user.get", REALM, "alice")).isEqualTo("bondy.error.not_found");
        assertThat(r.admin.callError("bondy.user.delete", REALM, "alice")).isEqualTo(WampErrors.NO_SUCH_PRINCIPAL);
    }

    @Test
    void passwordsAreStoredOnlyAsDerivedKeys() {
        r.admin.callOk("bondy.user.add", REALM, Map.of("username", "alice", "password", "clear-text-secret"));
        List<String> values = new ArrayList<>();
        r.store.scan("security/", (Entry e) -> values.add(new String(e.value(), StandardCharsets.UTF_8)));
        assertThat(values).isNotEmpty().noneMatch(v -> v.contains("clear-text-secret"));
    }

    @Test
    void changePasswordChecksTheOldOneWhenGiven() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        assertThat(r.admin.callError("bondy.user.change_password", REALM, "alice", "new-password", "not-the-old"))
                .isEqualTo("wamp.error.bad_signature");
        r.admin.callOk("bondy.user.change_password", REALM, "alice", "new-password", "alice-password");
        Cra.join(r, REALM, "alice", "new-password", "10.0.0.1");
    }

    @Test
    void reservedNamesUnknownGroupsAndGroupCyclesAreRefused() {
        assertThat(r.admin.callError("bondy.user.add", REALM, Map.of("username", "anonymous")))
                .isEqualTo("bondy.error.reserved_name");
        assertThat(r.admin.callError("bondy.user.add", REALM, Map.of("username", "x", "groups", List.of("ghosts"))))
                .isEqualTo("bondy.error.no_such_groups");
        r.admin.callOk("bondy.group.add", REALM, Map.of("name", "a"));
        r.admin.callOk("bondy.group.add", REALM, Map.of("name", "b", "groups", List.of("a")));
        r.admin.callOk("bondy.group.add", REALM, Map.of("name", "c", "groups", List.of("b")));
        assertThat(r.admin.callError("bondy.group.add_group", REALM, "a", "c")).isEqualTo("bondy.error.invalid_data");
        assertThat(r.admin.callError("bondy.group.add_group", REALM, "a", "a")).isEqualTo("bondy.error.invalid_data");
    }

    @Test
    @SuppressWarnings("unchecked")
    void grantsAreListedPerRealmUserAndGroup() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.grant("alice", List.of("wamp.call"), "com.example.", "prefix");
        List<Map<String, Object>> realm = (List<Map<String, Object>>) r.admin.callOk("bondy.realm.grants", REALM);
        assertThat(realm).anySatisfy(g -> assertThat(g).containsEntry("roles", List.of("user/alice"))
                .containsEntry("permissions", List.of("wamp.call")));
        List<Map<String, Object>> mine = (List<Map<String, Object>>) r.admin.callOk("bondy.user.grants", REALM, "alice");
        assertThat(mine).singleElement().satisfies(g -> assertThat(g.get("resources"))
                .isEqualTo(Map.of("uri", "com.example.", "match", "prefix")));
        assertThat(r.admin.callError("bondy.grant.create", REALM, Map.of("roles", List.of("ghost"),
                "permissions", List.of("wamp.call"), "resources", List.of("any")))).isEqualTo("bondy.error.unknown_roles");
        assertThat(r.admin.callError("bondy.grant.create", REALM, Map.of("roles", List.of("alice"),
                "permissions", List.of("wamp.fly"), "resources", List.of("any")))).isEqualTo("bondy.error.invalid_data");
    }

    @Test
    @SuppressWarnings("unchecked")
    void sourcesAreAddedMatchedAndDeleted() {
        r.admin.callOk("bondy.user.add", REALM, Map.of("username", "alice"));
        r.addSource("alice", "trust", "10.0.0.0/8");
        assertThat((List<Object>) r.admin.callOk("bondy.source.match", REALM, "alice", "10.1.1.1")).hasSize(1);
        assertThat((List<Object>) r.admin.callOk("bondy.source.match", REALM, "alice", "11.1.1.1")).isEmpty();
        r.admin.callOk("bondy.source.delete", REALM, List.of("alice"), "10.0.0.0/8");
        assertThat((List<Object>) r.admin.callOk("bondy.source.list", REALM)).isEmpty();
        assertThat(r.admin.callError("bondy.source.add", REALM, Map.of("usernames", "all", "authmethod", "trust",
                "cidr", "not-a-network"))).isEqualTo("bondy.error.invalid_data");
    }

    @Test
    void aSessionOutsideTheMasterRealmAdministersOnlyItsOwnRealm() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.grant("alice", List.of("wamp.call"), "bondy.", "prefix");
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.1");
        assertThat(alice.callOk("bondy.user.list", REALM)).isNotNull();
        assertThat(alice.callError("bondy.user.list", SecureRouter.MASTER)).isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(r.admin.callError("bondy.user.list", "no.such.realm")).isEqualTo(WampErrors.NO_SUCH_REALM);
    }

    @Test
    void adminProceduresNeedAGrantLikeAnyOther() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.1");
        assertThat(alice.callError("bondy.user.add", REALM, Map.of("username", "mallory")))
                .isEqualTo(WampErrors.NOT_AUTHORIZED);
    }

    @Test
    void changesAreAnnouncedAsMetaEventsInTheMasterRealm() {
        r.admin.send(new Subscribe(900, Map.of(), "bondy.user.added"));
        r.admin.next(Subscribed.class);
        r.admin.send(new Call(901, Map.of(), "bondy.user.add", Payload.of(List.of(REALM, Map.of("username", "alice")))));
        List<WampMessage> got = List.of(r.admin.next(), r.admin.next());
        assertThat(got).anySatisfy(m -> assertThat(m).isInstanceOf(Result.class));
        assertThat(got).filteredOn(Event.class::isInstance).singleElement().satisfies(e ->
                assertThat(((Payload.Arguments) ((Event) e).payload()).args()).containsExactly(REALM, "alice"));
    }
}
