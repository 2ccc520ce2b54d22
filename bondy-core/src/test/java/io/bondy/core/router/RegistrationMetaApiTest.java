package io.bondy.core.router;

import static io.bondy.core.router.Rpc.call;
import static io.bondy.core.router.Rpc.first;
import static io.bondy.core.router.Rpc.register;
import static io.bondy.core.router.Rpc.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Unregister;
import io.bondy.core.message.Unregistered;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class RegistrationMetaApiTest {

    private final RouterFixture fixture = new RouterFixture();
    private final RouterFixture.Client observer = fixture.join();
    private final RouterFixture.Client callee = fixture.join();
    private final RouterFixture.Client callee2 = fixture.join();

    @Test
    void listGroupsClientRegistrationsByMatchPolicyAndHidesTheRoutersOwn() {
        long exact = register(callee, "r.exact");
        long prefix = register(callee, "r.pre", Map.of("match", "prefix"));
        long wildcard = register(callee, "r..w", Map.of("match", "wildcard"));

        Map<?, ?> lists = (Map<?, ?>) first(call(observer, "wamp.registration.list", List.of()));

        assertThat((List<Object>) lists.get("exact")).containsExactly(exact);
        assertThat((List<Object>) lists.get("prefix")).containsExactly(prefix);
        assertThat((List<Object>) lists.get("wildcard")).containsExactly(wildcard);
    }

    @Test
    void lookupFindsByPolicyAndMatchFindsTheBestRegistration() {
        long prefix = register(callee, "r.lookup", Map.of("match", "prefix"));

        assertThat(first(call(observer, "wamp.registration.lookup", List.of("r.lookup")))).isNull();
        assertThat(first(call(observer, "wamp.registration.lookup",
                List.of("r.lookup", Map.of("match", "prefix"))))).isEqualTo(prefix);
        assertThat(first(call(observer, "wamp.registration.match", List.of("r.lookup.deep")))).isEqualTo(prefix);
        assertThat(first(call(observer, "wamp.registration.match", List.of("r.other")))).isNull();
    }

    @Test
    void getListCalleesAndCountCalleesDescribeASharedRegistration() {
        long id = register(callee, "r.shared", Map.of("invoke", "roundrobin"));
        register(callee2, "r.shared", Map.of("invoke", "roundrobin"));

        Map<?, ?> details = (Map<?, ?>) first(call(observer, "wamp.registration.get", List.of(id)));
        assertThat(details.get("id")).isEqualTo(id);
        assertThat(details.get("uri")).isEqualTo("r.shared");
        assertThat(details.get("match")).isEqualTo("exact");
        assertThat(details.get("invoke")).isEqualTo("roundrobin");
        assertThat(details.get("created")).asString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat((List<Object>) first(call(observer, "wamp.registration.list_callees", List.of(id))))
                .containsExactly(callee.id(), callee2.id());
        assertThat(first(call(observer, "wamp.registration.count_callees", List.of(id)))).isEqualTo(2);
    }

    @Test
    void unknownRegistrationIsNoSuchRegistration() {
        for (String p : List.of("wamp.registration.get", "wamp.registration.list_callees",
                "wamp.registration.count_callees")) {
            observer.send(new Call(1, Map.of(), p, Payload.of(List.of(987654L))));
            assertThat(observer.next(Error.class).error()).isEqualTo(WampErrors.NO_SUCH_REGISTRATION);
        }
    }

    @Test
    void lifecycleEventsComeInTheSpecsOrder() {
        subscribe(observer, "wamp.registration.on_create");
        subscribe(observer, "wamp.registration.on_register");
        subscribe(observer, "wamp.registration.on_unregister");
        subscribe(observer, "wamp.registration.on_delete");

        long id = register(callee, "r.events", Map.of("invoke", "first"));
        Event created = observer.next(Event.class);
        List<Object> createdArgs = ((Payload.Arguments) created.payload()).args();
        assertThat(createdArgs.get(0)).isEqualTo(callee.id());
        assertThat(((Map<?, ?>) createdArgs.get(1)).get("id")).isEqualTo(id);
        assertThat(args(observer.next(Event.class))).containsExactly(callee.id(), id);

        register(callee2, "r.events", Map.of("invoke", "first"));
        assertThat(args(observer.next(Event.class))).containsExactly(callee2.id(), id); // on_register only

        callee.send(new Unregister(5, id));
        callee.next(Unregistered.class);
        assertThat(args(observer.next(Event.class))).containsExactly(callee.id(), id); // on_unregister
        callee2.session().transportClosed();
        assertThat(args(observer.next(Event.class))).containsExactly(callee2.id(), id); // on_unregister
        assertThat(args(observer.next(Event.class))).containsExactly(callee2.id(), id); // on_delete
        assertThat(observer.peer().drain()).isEmpty();
    }

    private static List<Object> args(Event e) {
        return Arrays.asList(((Payload.Arguments) e.payload()).args().toArray());
    }
}
