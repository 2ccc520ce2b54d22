package io.bondy.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Call;
import io.bondy.core.message.Error;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Register;
import io.bondy.core.message.Yield;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A realm's dynamic authorizer set through {@code bondy.realm.create/update}, together with static RBAC. */
@Timeout(30)
class DynamicAuthorizerRealmTest {

    private static final String APP = "com.example.app";
    private static final String AUTHORIZER = "com.example.authorize";

    private final SecureRouter r = new SecureRouter();

    @Test
    @SuppressWarnings("unchecked")
    void theRealmObjectCarriesTheAuthorizerAndItsLimits() {
        Map<String, Object> created = (Map<String, Object>) r.admin.callOk("bondy.realm.create", Map.of("uri", APP,
                "authorizer", AUTHORIZER, "authorizer_cache_ttl", 10, "authorizer_timeout", 2.5));
        assertThat(created).containsEntry("authorizer", AUTHORIZER).containsEntry("authorizer_cache_ttl", 10L)
                .containsEntry("authorizer_timeout", 2.5).containsEntry("authorizer_max_queued", 100)
                .containsEntry("authorizer_cache_size", 1000);
        var live = r.router.realm(APP).orElseThrow();
        var effective = r.security.authorizer().dynamicAuthorizer(live.config());
        assertThat(effective.procedure()).isEqualTo(AUTHORIZER);
        assertThat(effective.cacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(effective.timeout()).isEqualTo(Duration.ofMillis(2500));

        Map<String, Object> updated = (Map<String, Object>) r.admin.callOk("bondy.realm.update", APP,
                Map.of("authorizer_max_queued", 7));
        assertThat(updated).containsEntry("authorizer", AUTHORIZER).containsEntry("authorizer_max_queued", 7);

        Map<String, Object> off = new LinkedHashMap<>();
        off.put("authorizer", null);
        Map<String, Object> cleared = (Map<String, Object>) r.admin.callOk("bondy.realm.update", APP, off);
        assertThat(cleared).doesNotContainKey("authorizer");
        assertThat(r.security.authorizer().dynamicAuthorizer(live.config()).enabled()).isFalse();
    }

    @Test
    void badAuthorizerSettingsAreInvalidArguments() {
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("uri", APP, "authorizer", 5),
                Map.<String, Object>of("uri", APP, "authorizer", "Not A Uri"),
                Map.<String, Object>of("uri", APP, "authorizer", AUTHORIZER, "authorizer_timeout", 0),
                Map.<String, Object>of("uri", APP, "authorizer", AUTHORIZER, "authorizer_cache_ttl", -1),
                Map.<String, Object>of("uri", APP, "authorizer", AUTHORIZER, "authorizer_cache_ttl", "30s"),
                Map.<String, Object>of("uri", APP, "authorizer", AUTHORIZER, "authorizer_max_queued", 0),
                Map.<String, Object>of("uri", APP, "authorizer", AUTHORIZER, "authorizer_cache_size", 1.5))) {
            assertThat(r.admin.callError("bondy.realm.create", bad)).as("%s", bad).isEqualTo(WampErrors.INVALID_ARGUMENT);
        }
        assertThat(r.router.realm(APP)).isEmpty();
    }

    @Test
    void staticGrantsAndTheAuthorizerMustBothAllow() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", APP, "authmethods", List.of("wampcra"),
                "authorizer", AUTHORIZER,
                "users", List.of(Map.of("username", "alice", "password", "alice-password"),
                        Map.of("username", "svc", "password", "svc-password-1")),
                "sources", List.of(Map.of("usernames", "all", "authmethod", "wampcra", "cidr", "0.0.0.0/0")),
                "grants", List.of(
                        Map.of("roles", List.of("svc"), "permissions", List.of("wamp.register"),
                                "resources", List.of(Map.of("uri", AUTHORIZER, "match", "exact"))),
                        Map.of("roles", List.of("alice"), "permissions", List.of("wamp.call"),
                                "resources", List.of(Map.of("uri", "com.example.api.", "match", "prefix"))))));
        SecureRouter.Client svc = Cra.join(r, APP, "svc", "svc-password-1", "10.0.0.2");
        svc.send(new Register(1, Map.of(), AUTHORIZER)); // static RBAC alone decides this one
        svc.next(Registered.class);
        SecureRouter.Client alice = Cra.join(r, APP, "alice", "alice-password", "10.0.0.3");

        assertThat(alice.callError("com.example.secret")).as("no static grant: the authorizer is not asked")
                .isEqualTo(WampErrors.NOT_AUTHORIZED);
        assertThat(svc.peer().drain()).isEmpty();

        alice.send(new Call(10, Map.of(), "com.example.api.delete", null));
        Invocation ask = svc.next(Invocation.class);
        List<Object> args = ((Payload.Arguments) ask.payload()).args();
        assertThat(args.subList(1, 3)).containsExactly("com.example.api.delete", "call");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) args.get(0);
        assertThat(details).containsEntry("authid", "alice").containsEntry("authmethod", "wampcra")
                .containsEntry("realm", APP);
        svc.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(false))));
        assertThat(alice.next(Error.class).error()).isEqualTo(WampErrors.NOT_AUTHORIZED);

        alice.send(new Call(11, Map.of(), "com.example.api.read", null));
        ask = svc.next(Invocation.class);
        svc.send(new Yield(ask.requestId(), Map.of(), Payload.of(List.of(Map.of("allow", true)))));
        assertThat(alice.next(Error.class).error()).as("allowed, so routed: nobody registered it")
                .isEqualTo(WampErrors.NO_SUCH_PROCEDURE);
    }
}
